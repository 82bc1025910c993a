"""The delivery supervisor of a serving process: a Deliverer running for every active
webhook (each competes for its webhook's lease, delivery.py), and the stream's sizes on
/metrics."""

import logging
import time

from ..extensions import db
from ..metrics import WEBHOOK_STREAM_ENTRIES, WEBHOOK_WAITING
from .active import active_webhook_ids
from .delivery import Deliverer
from .relay import streams

log = logging.getLogger(__name__)

SUPERVISE_SECONDS = 1.0
SIZES_SECONDS = 5.0


def run_deliveries(app, spawn, sleep, stop=None):
    """Keep a Deliverer running in this worker for every active webhook (each competes
    for its webhook's lease), and publish the stream's sizes on /metrics."""
    running = {}
    sized_at = 0.0
    while stop is None or not stop.is_set():
        with app.app_context():
            try:
                active = active_webhook_ids()
                for webhook_id in active:
                    deliverer = running.get(webhook_id)
                    if deliverer is None or deliverer.stopped:
                        deliverer = running[webhook_id] = Deliverer(app, webhook_id, sleep)
                        spawn(deliverer.run)
                if time.monotonic() - sized_at > SIZES_SECONDS:
                    sized_at = time.monotonic()
                    publish_sizes(active)
            except Exception:
                log.exception("webhook supervision failed; trying again")
                db.session.rollback()
            finally:
                db.session.remove()
        sleep(SUPERVISE_SECONDS)


def publish_sizes(webhook_ids):
    length, waiting = streams().stream.sizes(webhook_ids)
    WEBHOOK_STREAM_ENTRIES.set(length)
    WEBHOOK_WAITING.clear()
    for webhook_id, count in waiting.items():
        WEBHOOK_WAITING.labels(str(webhook_id)).set(count)
