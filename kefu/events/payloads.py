"""The `data` of each event type (PROTOCOL.md section 9), built from what the change that
records it has at hand inside its transaction."""

from ..serializers import message_dict
from ..timeutil import isoformat


def message_created(message, visitor_id):
    """message.created, or note.created for a private note (never a visitor's to see)."""
    kind = "note.created" if message.private else "message.created"
    return kind, {
        "conversation_id": message.conversation_id,
        "visitor_id": visitor_id,
        "message": message_dict(message),
    }


def conversation_created(conversation_id, visitor_id, status, created_at):
    return "conversation.created", {
        "conversation_id": conversation_id,
        "visitor_id": visitor_id,
        "status": status,
        "created_at": isoformat(created_at),
    }


def offline_message_created(message, visitor_id, email):
    return "offline_message.created", {
        "conversation_id": message.conversation_id,
        "visitor": {"id": visitor_id, "name": message.sender_name, "email": email},
        "message_id": message.id,
        "content": message.content,
    }


def conversation_assigned(conversation_id, agent_id, reason, assigned_at):
    return "conversation.assigned", {
        "conversation_id": conversation_id,
        "agent_id": agent_id,
        "reason": reason,
        "assigned_at": isoformat(assigned_at),
    }


def conversation_transferred(conversation, from_agent_id):
    """After the change: to an agent (agent_id set) or to a skill group's queue."""
    return "conversation.transferred", {
        "conversation_id": conversation.id,
        "visitor_id": conversation.visitor_id,
        "from_agent_id": from_agent_id,
        "to_agent_id": conversation.agent_id,
        "to_skill_group": None if conversation.agent_id else conversation.skill_group,
    }


def conversation_closed(conversation, reason_code):
    return "conversation.closed", {
        "conversation_id": conversation.id,
        "visitor_id": conversation.visitor_id,
        "agent_id": conversation.agent_id,
        "reason": reason_code,
        "closed_at": isoformat(conversation.closed_at),
    }


def conversation_rated(conversation):
    return "conversation.rated", {
        "conversation_id": conversation.id,
        "visitor_id": conversation.visitor_id,
        "agent_id": conversation.agent_id,
        "rating": conversation.rating,
        "comment": conversation.rating_comment,
    }
