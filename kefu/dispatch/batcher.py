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


class DispatchBatcher(BatchingQueue):
    max_batch = 500

    def __init__(self, app, route_and_publish):
        super().__init__(app)
        self.route_and_publish = route_and_publish  # router.route_and_publish

    def route(self, conversation_id):
        """Route the conversation in the next pass; return its agent id, or None if it waits.
        An assignment is published before this returns (the agent hears of the conversation
        before its first message)."""
        return self.submit(conversation_id)

    def handle(self, conversation_ids):
        routed = self.route_and_publish(conversation_ids)
        return [(True, routed.get(conversation_id)) for conversation_id in conversation_ids]
