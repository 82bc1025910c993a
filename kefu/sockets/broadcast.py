"""Domain events turned into Socket.IO emits (through the Redis queue when configured)."""

from ..events.sink import EventSink
from ..serializers import visitor_view
from .revalidate import close_stale_agent_sockets
from .rooms import AGENT_NS, AGENTS_ROOM, VISITOR_NS, agent_room, visitor_room

# The queue event lists at most this many conversations; `waiting` always has the full count.
QUEUE_EVENT_LIMIT = 100


class SocketSink(EventSink):
    def __init__(self, socketio):
        self.socketio = socketio

    def _to_visitor(self, event, payload, visitor_id, skip_sid=None):
        self.socketio.emit(
            event, payload, to=visitor_room(visitor_id), namespace=VISITOR_NS, skip_sid=skip_sid
        )

    def _to_agent(self, event, payload, agent_id, skip_sid=None):
        if agent_id is not None:
            self.socketio.emit(
                event, payload, to=agent_room(agent_id), namespace=AGENT_NS, skip_sid=skip_sid
            )

    def message_posted(self, message, *, visitor_id, agent_id, origin=None):
        # The sending socket has its ack; its other tabs and the other side get the event.
        # A private note stays with staff: never on /visitor.
        if not message["private"]:
            self._to_visitor("message", message, visitor_id, skip_sid=origin)
        self._to_agent("message", message, agent_id, skip_sid=origin)

    def conversation_changed(self, conversation, *, visitor_id, agent_ids):
        self._to_visitor("conversation", visitor_view(conversation), visitor_id)
        for agent_id in agent_ids:
            self._to_agent("conversation", conversation, agent_id)

    def pending_changed(self, conversation):
        self.socketio.emit("conversation", conversation, to=AGENTS_ROOM, namespace=AGENT_NS)

    def queue_changed(self, queued, visitors=None):
        self.socketio.emit(
            "queue",
            {"waiting": len(queued), "conversations": queued[:QUEUE_EVENT_LIMIT]},
            to=AGENTS_ROOM,
            namespace=AGENT_NS,
        )
        for conversation in queued if visitors is None else visitors:
            self._to_visitor(
                "conversation", visitor_view(conversation), conversation["visitor"]["id"]
            )

    def typing(self, *, conversation_id, visitor_id, agent_id, from_visitor, typing):
        if from_visitor:
            payload = {"conversation_id": conversation_id, "typing": typing}
            self._to_agent("typing", payload, agent_id)
        else:
            self._to_visitor("typing", {"typing": typing}, visitor_id)

    def read(self, *, conversation_id, visitor_id, agent_id, from_visitor, seq):
        if from_visitor:
            self._to_agent("read", {"conversation_id": conversation_id, "seq": seq}, agent_id)
        else:
            self._to_visitor("read", {"seq": seq}, visitor_id)

    def agent_changed(self, agent):
        self.socketio.emit("agent", agent, to=AGENTS_ROOM, namespace=AGENT_NS)

    def site_changed(self, looks):
        # Every connected widget, on every worker: open pages take the new looks at once.
        self.socketio.emit("site", looks, namespace=VISITOR_NS)

    def agent_sessions_ended(self, agent_id):
        # This worker's sockets now; other workers' within KEFU_REVALIDATE_SECONDS.
        close_stale_agent_sockets(self.socketio, agent_room(agent_id))
