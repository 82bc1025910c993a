"""One router per process: the conversations that arrive together are routed in one pass.

When hundreds of visitors arrive within a second, hundreds of greenlets each ran the whole
router: each read the agents, each ranked the same least-loaded agent first, and each
claimed it, so the claims queued on that agent's row lock, lost, and tried the next. The
dispatch storm of docs/performance.md took 24–29 s that way. Here every newly queued
conversation waits for one routing greenlet, which takes all that are waiting at that
moment and routes them head of the queue first with one read of the agents
(router.route_batch): in-process, claims no longer race each other; across workers they
stay atomic in the database as before.
"""

from ..storage.batching import BatchingQueue

EXTENSION_KEY = "kefu.dispatch_batcher"


class DispatchBatcher(BatchingQueue):
    max_batch = 500

    def route(self, conversation_id):
        """Route the conversation in the next pass; return its agent id, or None if it waits.
        An assignment is published before this returns (the agent hears of the conversation
        before its first message)."""
        return self.submit(conversation_id)

    def handle(self, conversation_ids):
        from .router import route_and_publish

        routed = route_and_publish(conversation_ids)
        return [(True, routed.get(conversation_id)) for conversation_id in conversation_ids]


def init_dispatch_batcher(app):
    """One routing greenlet under gevent (the served product); threads (tests) route inline."""
    if app.config["SOCKETIO_ASYNC_MODE"] == "gevent":
        app.extensions[EXTENSION_KEY] = DispatchBatcher(app)
