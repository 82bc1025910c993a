"""Queue updates, coalesced: at most one publish per interval per worker, and each waiting
visitor told only when its position, wait estimate or whether anyone could answer changed.

Publishing the whole queue on every change costs one emit per waiting visitor per change:
a thousand arrivals within a second with hundreds waiting made that hundreds of thousands
of emits (the dispatch storm of docs/performance.md took 54 s). Arrivals at the tail move
nobody, so most updates now send nothing but the newcomer's position.

Another worker may have told a visitor something newer than this worker's memory of what
it sent, so every REFRESH_SECONDS a publish sends every waiting visitor its position again.
"""

import logging
import time

import gevent
from gevent.event import Event

from ..events.sink import current_sink
from ..extensions import db

log = logging.getLogger(__name__)

REFRESH_SECONDS = 10.0


class QueuePublisher:
    def __init__(self, app, interval, current_queue):
        self.app = app
        self.current_queue = current_queue  # publishing.current_queue
        self.interval = interval
        self.wake = Event()
        self.greenlet = None
        self.sent = {}  # conversation id -> (position, estimated wait, answerable) last sent
        self.refreshed = 0.0

    def request(self):
        """Ask for a publish soon; requests within one interval make one publish."""
        if self.greenlet is None or self.greenlet.dead:
            self.greenlet = gevent.spawn(self._publish_forever)
        self.wake.set()

    def _publish_forever(self):
        with self.app.app_context():
            while True:
                self.wake.wait()
                gevent.sleep(self.interval)
                self.wake.clear()
                try:
                    self.publish()
                except Exception:  # the next change publishes again
                    log.exception("queue publish failed")
                finally:
                    db.session.remove()

    def publish(self):
        queued = self.current_queue()
        now = time.monotonic()
        full = now - self.refreshed >= REFRESH_SECONDS
        if full:
            self.refreshed = now
        current = {
            c["id"]: (c["queue_position"], c["estimated_wait_seconds"], c.get("agents_available"))
            for c in queued
        }
        changed = [c for c in queued if full or self.sent.get(c["id"]) != current[c["id"]]]
        self.sent = current
        current_sink().queue_changed(queued, visitors=changed)
