"""Public JSON shapes of domain objects, as PROTOCOL.md defines them."""

from .attachments.links import url_of
from .devices import device_summary
from .state import current_state
from .timeutil import isoformat

# Routing internals: shown to staff, never to visitors.
STAFF_ONLY_CONVERSATION_FIELDS = ("route_reason",)


def message_dict(message):
    data = {
        "id": message.id,
        "conversation_id": message.conversation_id,
        "seq": message.seq,
        "client_id": message.client_id,
        "sender": {
            "type": message.sender_type,
            "id": message.sender_id,
            "name": message.sender_name,
        },
        "type": message.type,
        "content": message.content,
        "created_at": isoformat(message.created_at),
        "private": bool(message.private),
        "notice": message.notice,
        "attachment": attachment_dict(message.attachment) if message.attachment else None,
    }
    if data["private"]:
        # The agents a note @mentions (chat/mentions.py); staff only, as the note itself.
        data["mentions"] = list(getattr(message, "mentions", None) or ())
    return data


def attachment_dict(attachment):
    return {
        "id": attachment.id,
        "name": attachment.name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "url": url_of(attachment.id),
        "width": attachment.width,
        "height": attachment.height,
    }


def visitor_dict(visitor):
    return {
        "id": visitor.id,
        "name": visitor.name,
        "email": visitor.email,
        "page_url": visitor.page_url,
        "referrer": visitor.referrer,
        "user_agent": visitor.user_agent,
        "device": device_summary(visitor.user_agent),
        "ip": visitor.ip,
        "locale": visitor.locale,
        # Visitor-supplied (setAttributes, pre-chat answers): shown as such, never trusted.
        "attributes": visitor.attributes or {},
    }


def conversation_dict(conversation, queue_position=None, estimated_wait=None, answerable=None):
    agent = conversation.agent
    return {
        "id": conversation.id,
        "status": conversation.status,
        "visitor": visitor_dict(conversation.visitor),
        "agent": {"id": agent.id, "name": agent.name} if agent else None,
        "skill_group": conversation.skill_group,
        "priority": conversation.priority,
        "route_reason": conversation.route_reason,
        "queue_position": queue_position,
        "estimated_wait_seconds": estimated_wait,
        # Queued: whether an online agent could take it (False: say so, offer the offline
        # form); None when not queued.
        "agents_available": answerable,
        "last_seq": conversation.last_seq,
        "visitor_read_seq": conversation.visitor_read_seq,
        "agent_read_seq": conversation.agent_read_seq,
        "created_at": isoformat(conversation.created_at),
        "assigned_at": isoformat(conversation.assigned_at),
        "closed_at": isoformat(conversation.closed_at),
        "rating": conversation.rating,
        "rating_comment": conversation.rating_comment,
    }


def agent_dict(agent, status):
    return {
        "id": agent.id,
        "email": agent.email,
        "name": agent.name,
        "role": agent.role,
        "skills": [group.name for group in agent.skills],
        "max_concurrent": agent.max_concurrent,
        "status": status,
        "load": agent.load,
        "active": agent.active,
    }


# What a colleague may know of another agent: enough to pick a transfer target, nothing
# private (no email, role or account state). GET /api/agents/directory and the `agent` event.
DIRECTORY_FIELDS = ("id", "name", "status", "load", "max_concurrent", "skills")


def directory_view(agent):
    """An agent object (public_agent) cut to what every colleague may see."""
    return {k: agent[k] for k in DIRECTORY_FIELDS}


def public_agent(agent):
    """The contract's agent object, with live status from the state backend."""
    return public_agents([agent])[0]


def public_agents(agents):
    """public_agent of each, their statuses read in one go (a few Redis round trips for all
    of them, not a few per agent)."""
    agents = list(agents)
    statuses = current_state().agent_statuses([a.id for a in agents])
    return [agent_dict(a, statuses[a.id]) for a in agents]


def visitor_view(conversation):
    """A conversation object as its visitor sees it."""
    return {k: v for k, v in conversation.items() if k not in STAFF_ONLY_CONVERSATION_FIELDS}
