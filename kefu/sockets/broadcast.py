"""Domain events turned into Socket.IO emits (through the Redis queue when configured)."""

import logging

from ..chat.visibility import agents_see_all_open
from ..events.sink import EventSink
from ..serializers import directory_view, visitor_view
from .revalidate import close_stale_agent_sockets, place_agent_sockets
from .rooms import (
    AGENT_NS,
    AGENTS_ROOM,
    OVERSEERS_ROOM,
    VISITOR_NS,
    agent_room,
    conversation_room,
    visitor_room,
)

log = logging.getLogger(__name__)

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
        # Agents watching it read-only (All open) get it too; a list of rooms reaches each
        # socket once, however many of them it is in.
        if not message["private"]:
            self._to_visitor("message", message, visitor_id, skip_sid=origin)
        rooms = [conversation_room(message["conversation_id"])]
        if agent_id is not None:
            rooms.append(agent_room(agent_id))
        self.socketio.emit("message", message, to=rooms, namespace=AGENT_NS, skip_sid=origin)

    def note_mentioned(self, mention, *, agent_ids):
        # Each mentioned agent's own room on /agent; a note's words never go to /visitor.
        for agent_id in agent_ids:
            self._to_agent("mention", mention, agent_id)

    def conversation_changed(self, conversation, *, visitor_id, agent_ids):
        # Its agents, and whoever sees every open conversation (All open): supervisors and
        # admins, and every agent when an admin allows it. A list of rooms reaches each
        # socket once, so an agent in several of them gets one event.
        self._to_visitor("conversation", visitor_view(conversation), visitor_id)
        rooms = [agent_room(a) for a in sorted(agent_ids, key=str) if a is not None]
        rooms.append(AGENTS_ROOM if self._agents_see_all_open() else OVERSEERS_ROOM)
        self.socketio.emit("conversation", conversation, to=rooms, namespace=AGENT_NS)

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
        # Every agent socket gets the directory's view (GET /api/agents/directory) with the
        # role (so a dashboard follows its own role change) and `active` (a deactivated
        # colleague leaves the transfer picker): never an email, supervisors' and admins'
        # sockets included (the admin console reads GET /api/agents).
        view = {**directory_view(agent), "role": agent["role"], "active": agent["active"]}
        self.socketio.emit("agent", view, to=AGENTS_ROOM, namespace=AGENT_NS)
        # A role change moves this worker's sockets of the agent at once (revalidate.py).
        place_agent_sockets(self.socketio, agent["id"], agent["role"])

    def workspace_changed(self, workspace):
        # Every dashboard shows or hides All open at once; the lists follow the setting on
        # every worker within the settings cache's second (chat/visibility.py).
        self.socketio.emit("workspace", workspace, to=AGENTS_ROOM, namespace=AGENT_NS)

    def _agents_see_all_open(self):
        try:
            return agents_see_all_open()
        except Exception:  # the settings cannot be read now: the narrower audience
            log.warning("settings unreadable; conversation event to overseers only")
            return False

    def site_changed(self, looks):
        # Every connected widget, on every worker: open pages take the new looks at once.
        self.socketio.emit("site", looks, namespace=VISITOR_NS)

    def agent_sessions_ended(self, agent_id):
        # This worker's sockets now; other workers' within KEFU_REVALIDATE_SECONDS.
        close_stale_agent_sockets(self.socketio, agent_room(agent_id))
