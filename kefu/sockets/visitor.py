"""The /visitor namespace: one website visitor, possibly in several tabs."""

from flask import request
from flask_socketio import join_room

from ..chat import conversations, lookups, messages
from ..errors import NotFound
from ..metrics import SOCKETS
from ..schemas import MessageIn, RateIn, ReadIn, SyncIn, TypingIn, parse
from ..serializers import message_dict, visitor_view
from .namespace import KefuNamespace
from .rooms import VISITOR_NS, visitor_room
from .session import authenticate_connect, current_principal


class VisitorNamespace(KefuNamespace):
    def on_connect(self, auth=None):
        """A visitor connects with {"token"}; its tabs share one room."""
        principal = authenticate_connect(auth, "visitor")
        join_room(visitor_room(principal.id))
        SOCKETS.labels(VISITOR_NS).inc()

    def on_disconnect(self, *reason):
        """Rooms are left by the server; nothing else is kept per visitor socket."""
        SOCKETS.labels(VISITOR_NS).dec()

    def on_message(self, data=None):
        """Visitor sends a message; acks {"ok", "message"} once it is stored."""
        payload = parse(MessageIn, data)
        message, _ = messages.post_message(
            current_principal(),
            payload.content,
            client_id=payload.client_id,
            msg_type=payload.type,
            attachment_id=payload.attachment_id,
            origin=request.sid,
        )
        return {"ok": True, "message": message_dict(message)}

    def on_typing(self, data=None):
        """Visitor typing; relayed to the assigned agent, no ack needed."""
        payload = parse(TypingIn, data)
        principal = current_principal()
        conversation = lookups.active_conversation(principal.id)
        if conversation is not None:
            conversations.relay_typing(principal, conversation, payload.typing)
        return {"ok": True}

    def on_read(self, data=None):
        """Visitor read up to seq of the current conversation; relayed to the agent."""
        payload = parse(ReadIn, data)
        principal = current_principal()
        conversation = _current_conversation(principal.id)
        if conversation is None:
            raise NotFound("There is no conversation yet.", code="conversation_not_found")
        conversations.mark_read(principal, conversation, payload.seq)
        return {"ok": True}

    def on_sync(self, data=None):
        """Visitor asks for what it missed: the current conversation and seq > after_seq."""
        payload = parse(SyncIn, data if data is not None else {})
        principal = current_principal()
        conversation = _current_conversation(principal.id)
        if conversation is None:
            return {"ok": True, "conversation": None, "messages": []}
        missed = messages.messages_after(principal, conversation, payload.after_seq)
        return {
            "ok": True,
            "conversation": visitor_view(conversations.public_conversation(conversation)),
            "messages": [message_dict(m) for m in missed],
            # Seqs past it are private notes: not a gap (PROTOCOL.md section 5).
            "last_visible_seq": messages.last_visible_seq(conversation.id),
        }

    def on_rate(self, data=None):
        """Visitor rates one of its conversations (1..5, with a comment)."""
        payload = parse(RateIn, data)
        conversations.rate_conversation(
            current_principal(), payload.conversation_id, payload.score, payload.comment
        )
        return {"ok": True}


def _current_conversation(visitor_id):
    """The active conversation, else the latest one (so a closed chat can still sync)."""
    return lookups.active_conversation(visitor_id) or lookups.latest_conversation(visitor_id)
