"""Work that goes faster together: callers hand items to a few greenlets, each of which
takes every item waiting at that moment as one batch and wakes every caller with its own
result. Used by the group commit (storage/writer.py) and the router (dispatch/batcher.py).
"""

import logging

import gevent
from gevent.event import AsyncResult
from gevent.queue import Queue

from ..extensions import db

log = logging.getLogger(__name__)


class BatchingQueue:
    """Subclasses implement `handle(items) -> [(ok, value or exception)]`, one per item."""

    max_batch = 100
    wait_seconds = 30

    def __init__(self, app, workers=1):
        self.app = app
        self.queue = Queue()
        self.count = workers
        self.workers = []

    def submit(self, item):
        """Hand `item` to the next batch; return its value or raise its exception."""
        self.workers = [w for w in self.workers if not w.dead]
        while len(self.workers) < self.count:
            self.workers.append(gevent.spawn(self._serve_forever))
        done = AsyncResult()
        self.queue.put((item, done))
        return done.get(timeout=self.wait_seconds)

    def handle(self, items):
        raise NotImplementedError

    def _serve_forever(self):
        with self.app.app_context():
            while True:
                batch = [self.queue.get()]
                while len(batch) < self.max_batch and not self.queue.empty():
                    batch.append(self.queue.get_nowait())
                try:
                    outcomes = self.handle([item for item, _ in batch])
                except Exception as exc:  # never leave a caller waiting
                    log.exception("%s: a batch failed", type(self).__name__)
                    db.session.rollback()
                    outcomes = [(False, exc)] * len(batch)
                finally:
                    db.session.remove()
                for (_, done), (ok, value) in zip(batch, outcomes, strict=True):
                    if ok:
                        done.set(value)
                    else:
                        done.set_exception(value)
