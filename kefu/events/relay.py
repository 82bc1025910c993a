"""The relay: committed outbox rows onto the stream deliveries read (stream.py), by the one
worker holding the relay lease, in the order it sees them commit.

Rows are read oldest first through the index on (relayed_at, id), so a pass costs what is
pending, whatever the table holds. A row is marked relayed after it is on the stream; a
worker killed between the two puts it there twice, and receivers tell by the event id. With
Redis away the rows wait in the table and go out when it is back. The lease holder also
prunes what is older than the retention (KEFU_WEBHOOK_RETENTION_DAYS).
"""

import time
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from .. import redisconn
from ..extensions import db
from ..metrics import OUTBOX_LAG
from ..models import OutboxEvent, Webhook, WebhookDelivery
from ..timeutil import epoch_seconds, utcnow
from .active import active_webhook_ids
from .lease import OwnLease, RedisLease
from .stream import RedisStream, TableStream

BATCH = 500
PRUNE_BATCH = 5000
EXTENSION_KEY = "kefu.event_stream"

UNRELAYED = (
    select(
        OutboxEvent.id,
        OutboxEvent.uid,
        OutboxEvent.type,
        OutboxEvent.body,
        OutboxEvent.webhook_id,
        OutboxEvent.created_at,
    )
    .where(OutboxEvent.relayed_at.is_(None))
    .order_by(OutboxEvent.id)
    .limit(BATCH)
)


class Streams:
    """The app's stream, a Redis client for leases, and this worker's id."""

    def __init__(self, config):
        self.worker_id = uuid.uuid4().hex[:16]
        url = config.get("REDIS_URL")
        self.redis = None
        if url:
            self.redis = redisconn.client(
                url, config["REDIS_TIMEOUT_SECONDS"], decode_responses=True
            )
            self.prefix = config["REDIS_PREFIX"]
            self.stream = RedisStream(self.redis, self.prefix + "events")
        else:
            self.stream = TableStream()

    def lease(self, name, seconds):
        if self.redis is None:
            return OwnLease()
        return RedisLease(self.redis, f"{self.prefix}lease:{name}", self.worker_id, seconds)


def streams():
    """The running app's Streams (made on first use)."""
    found = current_app.extensions.get(EXTENSION_KEY)
    if found is None:
        found = current_app.extensions[EXTENSION_KEY] = Streams(current_app.config)
    return found


def relay_once(stream):
    """Move one batch of committed events onto the stream; how many."""
    if stream.lost():
        replay_undelivered(stream)
    rows = db.session.execute(UNRELAYED).all()
    if not rows:
        db.session.rollback()
        OUTBOX_LAG.set(0)
        return 0
    OUTBOX_LAG.set(max(0.0, (utcnow() - rows[0].created_at).total_seconds()))
    stream.append(rows)
    db.session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id.in_([row.id for row in rows]))
        .values(relayed_at=utcnow())
    )
    db.session.commit()
    return len(rows)


def replay_undelivered(stream):
    """The stream came back empty (a Redis restarted without its data): put back on it
    every event a webhook may not have had. Per webhook, events go out in order, so all
    that was relayed before its newest logged delivery is done with; from the earliest
    such point over the active webhooks (or a webhook's start, if it has none), events are
    relayed again. Receivers see the last few twice and tell by the event id."""
    since = None
    for webhook_id, active_since in db.session.execute(
        select(Webhook.id, Webhook.active_since).where(Webhook.active.is_(True))
    ):
        newest = db.session.scalar(
            select(OutboxEvent.relayed_at)
            .join(WebhookDelivery, WebhookDelivery.outbox_id == OutboxEvent.id)
            .where(WebhookDelivery.webhook_id == webhook_id)
            .order_by(WebhookDelivery.id.desc())
            .limit(1)
        )
        point = newest or active_since
        since = point if since is None else min(since, point)
    if since is not None:
        replayed = db.session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.relayed_at >= since, OutboxEvent.webhook_id.is_(None))
            .values(relayed_at=None)
        ).rowcount
        current_app.logger.warning(
            "the webhook stream was lost (Redis restarted empty): %d events go out again",
            replayed,
        )
    db.session.commit()
    stream.mark()


def prune_once(stream, retention_days):
    """Forget relayed events and delivery log rows older than the retention; how many."""
    cutoff = utcnow() - timedelta(days=retention_days)
    removed = 0
    for table, column in (
        (OutboxEvent, OutboxEvent.relayed_at),
        (WebhookDelivery, WebhookDelivery.first_attempt_at),
    ):
        while True:
            ids = list(
                db.session.scalars(select(table.id).where(column < cutoff).limit(PRUNE_BATCH))
            )
            if not ids:
                break
            db.session.execute(delete(table).where(table.id.in_(ids)))
            db.session.commit()
            removed += len(ids)
    db.session.rollback()
    stream.trim(epoch_seconds(cutoff))
    return removed


def run_relay(app, sleep, stop=None):
    """The relay loop of a serving process: every KEFU_WEBHOOK_RELAY_SECONDS while it holds
    the lease, right away again while there is a backlog; prunes hourly."""
    with app.app_context():
        found = streams()
        lease = found.lease("relay", app.config["WEBHOOK_LEASE_SECONDS"])
        interval = app.config["WEBHOOK_RELAY_SECONDS"]
        retention = app.config["WEBHOOK_RETENTION_DAYS"]
    pruned_at = time.monotonic()
    while stop is None or not stop.is_set():
        moved = 0
        with app.app_context():
            try:
                if not active_webhook_ids():
                    pass  # no active webhook: nothing recorded is anyone's
                elif lease.hold():
                    moved = relay_once(found.stream)
                    if time.monotonic() - pruned_at > 3600:
                        pruned_at = time.monotonic()
                        prune_once(found.stream, retention)
            except Exception:
                app.logger.exception("the outbox relay failed; it tries again")
                db.session.rollback()
            finally:
                db.session.remove()
        sleep(0 if moved == BATCH else interval)
