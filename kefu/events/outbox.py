"""The transactional outbox: an event is a row written in the transaction of the change it
describes, so it exists if and only if that change committed (PROTOCOL.md section 9).

`record(connection, type, data)` is called by the domain inside its transaction. Only the
types some active webhook subscribes to are written: with no webhook, the message path
writes nothing more. Each process reads the subscriptions through a short cache, so a new
webhook hears events from at most SUBSCRIPTIONS_SECONDS after it was made, on every worker.

In the writer's batches (storage/writer.py) the events of all its messages go in one
statement just before the batch commits (storage/deferred.py); elsewhere at once.

The relay (relay.py) moves committed rows on to the stream deliveries read.
"""

import json
import time
import uuid

from flask import current_app
from sqlalchemy import insert, select

from ..models import OutboxEvent, Webhook
from ..storage.deferred import insert_later
from ..timeutil import isoformat, utcnow

SUBSCRIPTIONS_SECONDS = 1.0
EXTENSION_KEY = "kefu.outbox.subscriptions"
INSERT_EVENTS = insert(OutboxEvent)


class Subscriptions:
    """The event types active webhooks want, as last read (at most `ttl` seconds old)."""

    def __init__(self, ttl=SUBSCRIPTIONS_SECONDS, clock=time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self.types = frozenset()
        self.read_at = None

    def wanted(self, connection, event_type):
        return event_type in self._types(connection)

    def _types(self, connection):
        now = self.clock()
        if self.read_at is None or now - self.read_at >= self.ttl:
            rows = connection.execute(select(Webhook.events).where(Webhook.active.is_(True)))
            self.types = frozenset(t for (events,) in rows for t in events or ())
            self.read_at = now
        return self.types

    def forget(self):
        """Read again on the next event (this process changed a webhook)."""
        self.read_at = None


def subscriptions():
    found = current_app.extensions.get(EXTENSION_KEY)  # asked per message: no new object
    if found is None:
        found = current_app.extensions[EXTENSION_KEY] = Subscriptions()
    return found


def event_row(event_type, data, webhook_id=None, uid=None, now=None):
    """The outbox row of an event: its body is exactly what receivers get."""
    now = now or utcnow()
    uid = uid or f"evt_{uuid.uuid4().hex}"
    body = {"id": uid, "type": event_type, "created_at": isoformat(now), "data": data}
    return {
        "uid": uid,
        "type": event_type,
        "created_at": now,
        "body": json.dumps(body, separators=(",", ":"), ensure_ascii=False),
        "webhook_id": webhook_id,
    }


def wanted(connection, event_type):
    """Whether an active webhook subscribes to `event_type` (as of the short cache)."""
    return subscriptions().wanted(connection, event_type)


def record(connection, event_type, data):
    """Write the event in the connection's open transaction, if a webhook wants it."""
    if wanted(connection, event_type):
        insert_later(connection, INSERT_EVENTS, event_row(event_type, data))
