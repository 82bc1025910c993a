"""Conversation use cases: close, transfer, pick, rate, read receipts and typing."""

import logging

from sqlalchemy import select, update

from ..dispatch import claims, publishing, router
from ..dispatch.queue import public_conversation
from ..errors import (
    AlreadyAssigned,
    CapacityFull,
    Conflict,
    Forbidden,
    InvalidPayload,
    NotFound,
    UnknownSkillGroup,
)
from ..events import outbox, payloads
from ..events.sink import current_sink
from ..extensions import db
from ..models import (
    STATUS_CLOSED,
    STATUS_OPEN,
    STATUS_PENDING,
    STATUS_QUEUED,
    Agent,
    Conversation,
    SkillGroup,
)
from ..state import ONLINE, current_state
from ..timeutil import utcnow
from .lookups import get_conversation, readable_conversation
from .messages import add_system_notice, announce_notice
from .principals import require_can_act

log = logging.getLogger(__name__)

# What an agent may pick by hand: the queue, and messages left while nobody was available.
PICKABLE = (STATUS_QUEUED, STATUS_PENDING)


def publish_conversation(conversation, agent_ids=()):
    conversation = get_conversation(conversation.id)
    current_sink().conversation_changed(
        public_conversation(conversation),
        visitor_id=conversation.visitor_id,
        agent_ids=({conversation.agent_id} | set(agent_ids)) - {None},
    )


def _record(event):
    """Record an event (type, data) in the session's open transaction (events/outbox.py)."""
    outbox.record(db.session.connection(), *event)


def close_conversation(principal, conversation_id, reason=("closed", {})):
    """Close a conversation, free its agent's capacity and let the queue move. `principal`
    None: Kefu itself (auto-close), with the notice `reason` (code, params)."""
    conversation = get_conversation(conversation_id, for_update=True)
    if principal is not None:
        require_can_act(principal, conversation)
    if conversation.status == STATUS_CLOSED:
        db.session.rollback()
        return public_conversation(conversation)
    was_queued = conversation.status == STATUS_QUEUED
    agent_id = conversation.agent_id
    code, params = reason
    notice = add_system_notice(conversation.id, code, **params)
    conversation.status = STATUS_CLOSED
    conversation.closed_at = utcnow()
    if agent_id is not None and not was_queued:
        claims.release_capacity(agent_id)
    _record(payloads.conversation_closed(conversation, code))
    db.session.commit()
    publish_conversation(conversation)
    announce_notice(notice, conversation)
    publishing.publish_agents(agent_id)
    if was_queued:
        publishing.publish_queue()
    else:
        router.drain_queue()
    return public_conversation(get_conversation(conversation_id))


def transfer_conversation(principal, conversation_id, agent_id=None, skill_group=None):
    """Hand a conversation to another agent, or back to the queue of a skill group."""
    if (agent_id is None) == (skill_group is None):
        raise InvalidPayload("Give exactly one of agent_id or skill_group.")
    conversation = get_conversation(conversation_id, for_update=True)
    require_can_act(principal, conversation)
    if conversation.status == STATUS_CLOSED:
        db.session.rollback()
        raise Conflict("That conversation is closed.", code="conversation_closed")
    if agent_id is not None:
        return _transfer_to_agent(conversation, agent_id)
    return _transfer_to_group(conversation, skill_group)


def _release_current_agent(conversation):
    if conversation.status == STATUS_OPEN and conversation.agent_id is not None:
        claims.release_capacity(conversation.agent_id)


def _transfer_to_agent(conversation, agent_id):
    target = db.session.get(Agent, agent_id)
    if target is None:
        db.session.rollback()
        raise NotFound("No such agent.", code="agent_not_found")
    if conversation.agent_id == agent_id and conversation.status == STATUS_OPEN:
        db.session.rollback()
        return public_conversation(conversation)
    if current_state().agent_status(agent_id) != ONLINE:
        db.session.rollback()
        raise Conflict(f"{target.name} is not online.", code="agent_unavailable")
    previous = conversation.agent_id
    was_queued = conversation.status == STATUS_QUEUED
    now = utcnow()
    holder = previous if conversation.status == STATUS_OPEN else None
    if not claims.move_capacity(holder, agent_id, now):
        db.session.rollback()
        raise CapacityFull(f"{target.name} has no free capacity.")
    conversation.agent_id = agent_id
    conversation.status = STATUS_OPEN
    conversation.assigned_at = now
    conversation.route_reason = f"transferred to {target.name}"
    conversation.excluded_agent_id = None
    notice = add_system_notice(conversation.id, "transferred_to_agent", agent=target.name)
    _record(payloads.conversation_transferred(conversation, previous))
    db.session.commit()
    publish_conversation(conversation, agent_ids={previous})
    announce_notice(notice, conversation)
    publishing.publish_agents(previous, agent_id)
    if was_queued:
        publishing.publish_queue()
    elif previous is not None:
        router.drain_queue()
    return public_conversation(get_conversation(conversation.id))


def _transfer_to_group(conversation, skill_group):
    if db.session.scalar(select(SkillGroup.id).where(SkillGroup.name == skill_group)) is None:
        db.session.rollback()
        raise UnknownSkillGroup(f"No skill group named {skill_group!r}.")
    previous = conversation.agent_id
    _release_current_agent(conversation)
    conversation.agent_id = None
    conversation.status = STATUS_QUEUED
    conversation.skill_group = skill_group
    conversation.assigned_at = None
    # Keeps its original age, so a transferred visitor does not go to the back of the line.
    conversation.queued_at = conversation.created_at
    conversation.enqueued_at = utcnow()
    conversation.route_reason = f"transferred to the {skill_group} team"
    conversation.excluded_agent_id = previous
    notice = add_system_notice(conversation.id, "transferred_to_group", group=skill_group)
    _record(payloads.conversation_transferred(conversation, previous))
    db.session.commit()
    publish_conversation(conversation, agent_ids={previous})
    announce_notice(notice, conversation)
    publishing.publish_agents(previous)
    router.dispatch(conversation.id)
    router.drain_queue()  # the previous agent's freed capacity
    return public_conversation(get_conversation(conversation.id))


def pick_conversation(principal, conversation_id):
    """An agent takes a queued or pending conversation by hand."""
    if not principal.is_agent:
        raise Forbidden("Only agents pick conversations.")
    conversation = get_conversation(conversation_id)
    if conversation.status not in PICKABLE:
        raise AlreadyAssigned()
    was_pending = conversation.status == STATUS_PENDING
    outcome = claims.claim(
        conversation.id, principal.id, f"picked by {principal.name}", waiting=PICKABLE
    )
    if outcome == "conversation":
        raise AlreadyAssigned()
    if outcome == "agent":
        raise CapacityFull("You have no free capacity.")
    publishing.publish_assignment(conversation.id)
    picked = public_conversation(get_conversation(conversation.id))
    if was_pending:
        current_sink().pending_changed(picked)  # off every agent's pending list
    else:
        publishing.publish_queue()
    return picked


def rate_conversation(principal, conversation_id, score, comment):
    """The visitor rates one of their conversations (a later rating replaces it)."""
    conversation = readable_conversation(principal, conversation_id)
    conversation.rating = score
    conversation.rating_comment = comment or None
    _record(payloads.conversation_rated(conversation))
    db.session.commit()
    publish_conversation(conversation)


def mark_read(principal, conversation, seq):
    """Record how far the visitor or the agent has read, and relay it."""
    require_can_act(principal, conversation)
    seq = min(seq, conversation.last_seq)
    column = Conversation.visitor_read_seq if principal.is_visitor else Conversation.agent_read_seq
    advanced = db.session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, column < seq)
        .values({column.key: seq})
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if advanced.rowcount != 1:
        return  # read receipts only move forward
    current_sink().read(
        conversation_id=conversation.id,
        visitor_id=conversation.visitor_id,
        agent_id=conversation.agent_id,
        from_visitor=principal.is_visitor,
        seq=seq,
    )


def relay_typing(principal, conversation, typing):
    """Tell the other side someone is typing; nothing is stored."""
    require_can_act(principal, conversation)
    current_sink().typing(
        conversation_id=conversation.id,
        visitor_id=conversation.visitor_id,
        agent_id=conversation.agent_id,
        from_visitor=principal.is_visitor,
        typing=typing,
    )
