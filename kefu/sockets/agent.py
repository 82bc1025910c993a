"""The /agent namespace: an agent's dashboard (one or more sockets per agent)."""

from flask import request
from flask_socketio import ConnectionRefusedError, emit, join_room, leave_room, rooms

from ..chat import agents, conversations, lookups, messages, visibility
from ..errors import KefuError
from ..metrics import SOCKETS
from ..schemas import (
    AgentMessageIn,
    AgentReadIn,
    AgentSyncIn,
    AgentTransferIn,
    AgentTypingIn,
    ConversationRef,
    StatusIn,
    WatchIn,
    parse,
)
from ..serializers import message_dict
from .namespace import KefuNamespace
from .rooms import (
    AGENT_NS,
    AGENTS_ROOM,
    OVERSEERS_ROOM,
    agent_room,
    conversation_room,
    is_watch_room,
)
from .session import authenticate_connect, current_principal, socket_identity


class AgentNamespace(KefuNamespace):
    def on_connect(self, auth=None):
        """An agent connects with {"token"} (and optionally "status": "away"): online now,
        and the queue may move to it."""
        principal = authenticate_connect(auth, "agent")
        join_room(agent_room(principal.id))
        join_room(AGENTS_ROOM)
        if principal.oversees_conversations:
            join_room(OVERSEERS_ROOM)  # every open conversation's changes (All open)
        SOCKETS.labels(AGENT_NS).inc()
        away = isinstance(auth, dict) and auth.get("status") == "away"
        try:
            agents.agent_connected(principal.id, request.sid, away=away)
        except KefuError as exc:  # presence cannot be recorded (Redis away): retry later
            SOCKETS.labels(AGENT_NS).dec()
            raise ConnectionRefusedError(exc.message, {"code": exc.code}) from None
        # What the workspace shows this agent (All open for plain agents or not); sent
        # again to every agent socket when an admin changes it (broadcast.py).
        emit("workspace", workspace_view())

    def on_disconnect(self, *reason):
        """An agent socket closed; the agent is offline once its last one is gone."""
        SOCKETS.labels(AGENT_NS).dec()
        saved = socket_identity()
        if saved is not None:
            agents.agent_disconnected(saved["id"], request.sid)

    def on_message(self, data=None):
        """Agent sends to an assigned conversation; acks {"ok", "message"} once stored."""
        payload = parse(AgentMessageIn, data)
        message, _ = messages.post_message(
            current_principal(),
            payload.content,
            client_id=payload.client_id,
            conversation_id=payload.conversation_id,
            msg_type=payload.type,
            private=payload.private,
            mentions=payload.mentions,
            attachment_id=payload.attachment_id,
            origin=request.sid,
        )
        return {"ok": True, "message": message_dict(message)}

    def on_typing(self, data=None):
        """Agent typing in a conversation; relayed to the visitor."""
        payload = parse(AgentTypingIn, data)
        principal = current_principal()
        conversation = lookups.readable_conversation(principal, payload.conversation_id)
        conversations.relay_typing(principal, conversation, payload.typing)
        return {"ok": True}

    def on_read(self, data=None):
        """Agent read up to seq; relayed to the visitor."""
        payload = parse(AgentReadIn, data)
        principal = current_principal()
        conversation = lookups.readable_conversation(principal, payload.conversation_id)
        conversations.mark_read(principal, conversation, payload.seq)
        return {"ok": True}

    def on_sync(self, data=None):
        """Agent asks for the messages of a conversation with seq > after_seq."""
        payload = parse(AgentSyncIn, data)
        principal = current_principal()
        conversation = lookups.readable_conversation(principal, payload.conversation_id)
        missed = messages.messages_after(principal, conversation, payload.after_seq)
        return {"ok": True, "messages": [message_dict(m) for m in missed]}

    def on_watch(self, data=None):
        """Agent shows a conversation it does not hold read-only ({"conversation_id"}, null
        to stop): its messages come to this socket, one watched conversation at a time.
        Refused (forbidden) for a colleague's open one unless the agent sees all open."""
        payload = parse(WatchIn, data)
        conversation = None
        if payload.conversation_id is not None:
            principal = current_principal()
            conversation = lookups.readable_conversation(principal, payload.conversation_id)
            visibility.require_can_follow(principal, conversation)
        for room in rooms():
            if is_watch_room(room):
                leave_room(room)
        if conversation is not None:
            join_room(conversation_room(conversation.id))
        return {"ok": True}

    def on_status(self, data=None):
        """Agent sets itself online or away."""
        payload = parse(StatusIn, data)
        agent = agents.set_agent_status(current_principal().id, payload.status)
        return {"ok": True, "agent": agents.public_agent(agent)}

    def on_pick(self, data=None):
        """Agent takes a queued conversation by hand."""
        payload = parse(ConversationRef, data)
        conversation = conversations.pick_conversation(current_principal(), payload.conversation_id)
        return {"ok": True, "conversation": conversation}

    def on_transfer(self, data=None):
        """Agent hands a conversation to another agent or to a skill group."""
        payload = parse(AgentTransferIn, data)
        conversation = conversations.transfer_conversation(
            current_principal(), payload.conversation_id, payload.agent_id, payload.skill_group
        )
        return {"ok": True, "conversation": conversation}

    def on_close(self, data=None):
        """Agent closes a conversation."""
        payload = parse(ConversationRef, data)
        conversation = conversations.close_conversation(
            current_principal(), payload.conversation_id
        )
        return {"ok": True, "conversation": conversation}


def workspace_view():
    """The workspace settings an agent's dashboard follows."""
    return {"agents_see_all_open": visibility.agents_see_all_open()}
