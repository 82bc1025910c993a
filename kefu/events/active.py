"""Which webhooks are active, as this process's background loops (the relay, the delivery
supervisor) see it: read from the database at most every ACTIVE_SECONDS, so with no webhook
they cost a query every few seconds and hold no pooled connection in between (a pool
that a slow database has nearly drained needs every connection it has). A change made in
this process is seen at once; one made on another worker within ACTIVE_SECONDS."""

import time

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Webhook

ACTIVE_SECONDS = 5.0
EXTENSION_KEY = "kefu.webhooks.active"


class ActiveWebhooks:
    def __init__(self, ttl=ACTIVE_SECONDS, clock=time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self.ids = []
        self.read_at = None

    def current(self):
        now = self.clock()
        if self.read_at is None or now - self.read_at >= self.ttl:
            self.ids = list(db.session.scalars(select(Webhook.id).where(Webhook.active.is_(True))))
            db.session.rollback()
            self.read_at = now
        return self.ids

    def forget(self):
        self.read_at = None


def active_webhooks():
    found = current_app.extensions.get(EXTENSION_KEY)  # asked per message: no new object
    if found is None:
        found = current_app.extensions[EXTENSION_KEY] = ActiveWebhooks()
    return found


def active_webhook_ids():
    """The ids of the active webhooks (at most ACTIVE_SECONDS old)."""
    return active_webhooks().current()
