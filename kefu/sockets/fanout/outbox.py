"""Emits for the other workers, published together: one Redis PUBLISH per batch.

python-socketio publishes every emit on its own, and the emitting greenlet waits for Redis
to answer. In the dispatch storm of docs/performance.md a worker made hundreds of emits at
once (each queued visitor's position, each assignment), so it spent its time in round
trips, and every other worker decoded hundreds of messages. Here an emit is handed to the
outbox and the emitting greenlet goes on at once; one flushing task publishes everything
waiting as one message, which the other workers unpack (`unpack`) and deliver in order.

Emits were already at most once across workers (the database is the record, DESIGN.md):
what waits here when the process dies, or fails to publish while Redis is away, is lost as
an emit in flight was before. The outbox is bounded so an outage cannot grow it without
end; the oldest emits go first, as they are the stalest.
"""

import logging
from collections import deque

from ...metrics import PUBSUB_BATCHES, PUBSUB_DROPPED, PUBSUB_EMITS

log = logging.getLogger(__name__)

BATCH_METHOD = "emits"
MAX_BATCH = 500  # emits per published message: bounds one message's decoding on a receiver
MAX_WAITING = 50_000


class Outbox:
    """`put` an emit message; a task started on first use publishes what waits, in order.

    `publish(message)` sends one message on the channel; `start_task(fn)` and
    `create_event()` come from the server's async mode (greenlets when served)."""

    def __init__(self, publish, host_id, start_task, create_event):
        self._publish = publish
        self._host_id = host_id
        self._start_task = start_task
        self._wake = create_event()
        self._waiting = deque()
        self._flusher = None

    def put(self, message):
        if len(self._waiting) >= MAX_WAITING:
            self._waiting.popleft()
            PUBSUB_DROPPED.inc()
        self._waiting.append(message)
        if self._flusher is None:
            self._flusher = self._start_task(self._flush_forever)
        self._wake.set()

    def flush(self):
        """Publish everything waiting now, in batches of at most MAX_BATCH."""
        while self._waiting:
            count = min(MAX_BATCH, len(self._waiting))
            batch = [self._waiting.popleft() for _ in range(count)]
            # host_id last: a worker drops its own publishes by their ending (manager.py).
            self._publish({"method": BATCH_METHOD, "emits": batch, "host_id": self._host_id})
            PUBSUB_BATCHES.inc()
            PUBSUB_EMITS.inc(count)

    def _flush_forever(self):
        while True:
            self._wake.wait()
            self._wake.clear()  # an emit put during the flush sets it again
            try:
                self.flush()
            except Exception:  # publish logs Redis errors itself; nothing may end this loop
                log.exception("publishing emits failed")


def unpack(message):
    """The emit messages of a published batch, as python-socketio's listener takes them.
    They carry no host_id of their own: a worker's own batches never reach this (manager.py)
    and no batched emit has a callback to answer."""
    return message.get("emits", ())
