"""Delivery: each active webhook's events POSTed in stream order by whichever worker holds
that webhook's lease (lease.py), until the receiver answers 2xx.

A failing event holds back the later ones of its webhook, never another webhook's: each
webhook has its own loop. Retries back off exponentially with jitter from
KEFU_WEBHOOK_FIRST_RETRY_SECONDS up to KEFU_WEBHOOK_MAX_RETRY_DELAY_SECONDS; after
KEFU_WEBHOOK_GIVE_UP_HOURS the delivery is marked failed and the next event goes. Every
delivery is in the log (webhook_deliveries): successes are written together per batch,
a failure at once so the log shows it while it waits. An entry is acknowledged on the
stream only after its log row is written, so a worker killed mid-batch leaves it pending
for the next holder, which sends it again (at least once).

One module: the loop, one event's attempts and its log row share the Deliverer's state (the
lease, the sender, the entries done but not yet acknowledged); the supervisor that starts
deliverers is supervisor.py.
"""

import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, update

from ..extensions import db
from ..metrics import WEBHOOK_DELIVERIES
from ..models import Webhook, WebhookDelivery
from ..timeutil import epoch_seconds, utcnow
from . import signing
from .relay import streams
from .sender import Sender

log = logging.getLogger(__name__)

BATCH = 50
# A read with nothing pending waits this long on Redis for new entries (well inside the
# Redis command timeout), so a delivery starts as soon as its event is on the stream.
BLOCK_MS = 500


def retry_delay(attempts, first, longest, rand=random.random):
    """Seconds before attempt `attempts + 1`: doubling from `first`, capped at `longest`,
    with jitter (half to all of it) so receivers coming back are not hit all at once."""
    delay = min(longest, first * 2 ** (attempts - 1))
    return delay * (0.5 + rand() / 2)


HOOK = select(
    Webhook.id,
    Webhook.url,
    Webhook.events,
    Webhook.active,
    Webhook.secret,
    Webhook.previous_secret,
    Webhook.previous_secret_until,
    Webhook.active_since,
)


@dataclass(frozen=True, slots=True)
class Hook:
    id: int
    url: str
    events: list
    active: bool
    secret: str
    previous_secret: str | None
    previous_secret_until: object
    active_since: object


class Deliverer:
    """One webhook's loop in this worker."""

    def __init__(self, app, webhook_id, sleep):
        self.app = app
        self.webhook_id = webhook_id
        self.sleep = sleep
        config = app.config
        with app.app_context():
            self.streams = streams()
        self.lease_seconds = config["WEBHOOK_LEASE_SECONDS"]
        self.lease = self.streams.lease(f"webhook:{webhook_id}", self.lease_seconds)
        self.poll = config["WEBHOOK_RELAY_SECONDS"]
        self.first_retry = config["WEBHOOK_FIRST_RETRY_SECONDS"]
        self.longest_retry = config["WEBHOOK_MAX_RETRY_DELAY_SECONDS"]
        self.give_up = timedelta(hours=config["WEBHOOK_GIVE_UP_HOURS"])
        self.sender_options = {
            "allow_private": config["WEBHOOK_ALLOW_PRIVATE"],
            "connect_timeout": config["WEBHOOK_CONNECT_TIMEOUT_SECONDS"],
            "read_timeout": config["WEBHOOK_READ_TIMEOUT_SECONDS"],
            "max_response_bytes": config["WEBHOOK_RESPONSE_MAX_BYTES"],
        }
        self.sender = None
        self.holding = False
        self.stopped = False

    # --- the loop -------------------------------------------------------------------------

    def run(self):
        try:
            while not self.stopped:
                with self.app.app_context():
                    try:
                        wait = self.step()
                    except Exception:
                        log.exception("webhook %s: delivery failed; trying again", self.webhook_id)
                        db.session.rollback()
                        self.holding = False  # look again at the group (Redis may be new)
                        wait = 1.0
                    finally:
                        db.session.remove()
                if wait:
                    self.sleep(wait)
        finally:
            self.lease.release()
            if self.sender is not None:
                self.sender.close()

    def step(self):
        """One read and its deliveries; seconds to wait before the next step."""
        hook = self._webhook()
        if hook is None:
            self.stopped = True
            return 0
        if not self.lease.hold():
            self.holding = False
            return self.lease_seconds / 3
        stream = self.streams.stream
        resuming = not self.holding
        if resuming:
            stream.ensure_group(hook.id, epoch_seconds(hook.active_since))
            self.holding = True
            log.info("webhook %s: delivering from worker %s", hook.id, self.streams.worker_id)
        entries = stream.read(
            hook.id, self.streams.worker_id, BATCH, int(self.lease_seconds * 1000), BLOCK_MS
        )
        if not entries:
            return self.poll
        self._deliver_batch(hook, entries, resuming)
        return 0

    def _deliver_batch(self, hook, entries, resuming):
        finished, delivered = [], []
        for index, entry in enumerate(entries):
            if not self._is_for(hook, entry):
                finished.append(entry)
                continue
            earlier = self._pending_row(hook, entry) if resuming and index == 0 else None
            outcome = self._deliver(hook, entry, earlier, finished, delivered)
            if outcome is None:  # lost the lease or the webhook went off: leave it pending
                break
            if outcome is not True:
                delivered.append(outcome)
            finished.append(entry)
        self._flush(hook, finished, delivered)

    # --- one event ------------------------------------------------------------------------

    def _deliver(self, hook, entry, earlier, finished, delivered):
        """POST one event until it is delivered or given up: a log row to insert (a first
        attempt that worked), True (the log row was written here), or None (stop)."""
        row_id = earlier.id if earlier else None
        attempts = earlier.attempts if earlier else 0
        first_at = earlier.first_attempt_at if earlier else utcnow()
        if (
            earlier
            and earlier.next_attempt_at
            and not self._wait_until(hook, earlier.next_attempt_at)
        ):
            return None
        body = entry.body.encode("utf-8")
        while True:
            attempts += 1
            sender = self._sender(hook)
            outcome = sender.post(body, self._headers(hook, entry, body, attempts))
            now = utcnow()
            log_fields = {
                "attempts": attempts,
                "last_attempt_at": now,
                "last_status_code": outcome.status,
                "last_error": outcome.error,
            }
            if outcome.delivered:
                WEBHOOK_DELIVERIES.labels("delivered").inc()
                done = {
                    **log_fields,
                    "status": "delivered",
                    "delivered_at": now,
                    "next_attempt_at": None,
                }
                if row_id is None:
                    return self._log_row(hook, entry, first_at, done)
                self._update_row(row_id, done)
                return True
            if now - first_at >= self.give_up:
                WEBHOOK_DELIVERIES.labels("failed").inc()
                gave_up = {**log_fields, "status": "failed", "next_attempt_at": None}
                row_id = self._save_row(hook, entry, first_at, row_id, gave_up)
                log.warning("webhook %s: gave up on %s (%s)", hook.id, entry.uid, outcome.error)
                return True
            WEBHOOK_DELIVERIES.labels("retry").inc()
            due = now + timedelta(
                seconds=retry_delay(attempts, self.first_retry, self.longest_retry)
            )
            waiting = {**log_fields, "status": "pending", "next_attempt_at": due}
            row_id = self._save_row(hook, entry, first_at, row_id, waiting)
            # What went out before this one is acknowledged before waiting on it.
            self._flush(hook, finished, delivered)
            finished.clear()
            delivered.clear()
            if not self._wait_until(hook, due):
                return None
            hook = self._webhook() or hook

    def _wait_until(self, hook, due):
        """Sleep until `due`, keeping the lease; False if it is lost or the webhook is off."""
        while True:
            left = (due - utcnow()).total_seconds()
            if left <= 0:
                return True
            db.session.remove()  # hold no connection while waiting
            self.sleep(min(left, self.lease_seconds / 3))
            if not self.lease.hold():
                self.holding = False
                return False
            if self._webhook() is None:  # deleted or switched off
                self.stopped = True
                return False

    # --- helpers --------------------------------------------------------------------------

    def _webhook(self):
        """The webhook as it is now (a plain copy, kept across sessions), or None when it
        was deleted or switched off."""
        row = db.session.execute(HOOK.where(Webhook.id == self.webhook_id)).first()
        db.session.rollback()
        if row is None or not row.active:
            return None
        return Hook(*row)

    def _is_for(self, hook, entry):
        if not entry.uid:  # trimmed from the stream before it was read
            return False
        if entry.webhook_id is not None:
            return entry.webhook_id == hook.id
        if entry.type not in hook.events:
            return False
        if isinstance(entry.key, str):  # a Redis entry: relayed after the webhook was on?
            return int(entry.key.split("-", 1)[0]) >= int(epoch_seconds(hook.active_since) * 1000)
        return True

    def _sender(self, hook):
        if self.sender is None or self.sender_url != hook.url:
            if self.sender is not None:
                self.sender.close()
            self.sender = Sender(hook.url, **self.sender_options)
            self.sender_url = hook.url
        return self.sender

    def _headers(self, hook, entry, body, attempt):
        in_use = [hook.secret]
        until = hook.previous_secret_until
        if hook.previous_secret and until is not None and until > utcnow():
            in_use.append(hook.previous_secret)
        return {
            "Kefu-Event-Id": entry.uid,
            "Kefu-Event-Type": entry.type,
            "Kefu-Delivery-Attempt": str(attempt),
            "Kefu-Signature": signing.header(in_use, time.time(), body),
        }

    def _log_row(self, hook, entry, first_at, fields):
        return {
            "webhook_id": hook.id,
            "outbox_id": entry.outbox_id,
            "event_id": entry.uid,
            "event_type": entry.type,
            "first_attempt_at": first_at,
            **fields,
        }

    def _save_row(self, hook, entry, first_at, row_id, fields):
        if row_id is None:
            result = db.session.execute(
                insert(WebhookDelivery).values(**self._log_row(hook, entry, first_at, fields))
            )
            db.session.commit()
            return result.inserted_primary_key[0]
        self._update_row(row_id, fields)
        return row_id

    def _update_row(self, row_id, fields):
        db.session.execute(
            update(WebhookDelivery).where(WebhookDelivery.id == row_id).values(**fields)
        )
        db.session.commit()

    def _pending_row(self, hook, entry):
        """A retrying delivery of this entry left by an earlier holder, if any."""
        row = db.session.scalars(
            select(WebhookDelivery)
            .where(
                WebhookDelivery.webhook_id == hook.id,
                WebhookDelivery.outbox_id == entry.outbox_id,
                WebhookDelivery.status == "pending",
            )
            .order_by(WebhookDelivery.id.desc())
            .limit(1)
        ).first()
        db.session.rollback()
        return row

    def _flush(self, hook, finished, delivered):
        """Write the batch's delivery rows, then acknowledge its entries in order."""
        if delivered:
            db.session.execute(insert(WebhookDelivery), delivered)
            db.session.commit()
        for entry in finished:
            self.streams.stream.ack(hook.id, entry)
