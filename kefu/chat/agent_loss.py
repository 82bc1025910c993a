"""Agent loss: conversations of an agent offline past the grace period go back to the
head of the queue and are routed again. Safe to run in every worker at once: each
conversation moves by a conditional UPDATE, so only one sweep can move it."""

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from ..dispatch import claims, publishing, router
from ..extensions import db
from ..metrics import REDISPATCHED
from ..models import STATUS_OPEN, STATUS_QUEUED, Conversation
from ..state import OFFLINE, current_state
from ..timeutil import utcnow
from .conversations import publish_conversation
from .lookups import get_conversation
from .messages import add_system_notice, announce_notice

log = logging.getLogger(__name__)

# Sorts before every ordinary arrival: a redispatched visitor has waited long enough.
HEAD_OF_QUEUE = datetime(2000, 1, 1)


def agents_holding_conversations():
    return list(
        db.session.scalars(
            select(Conversation.agent_id)
            .where(Conversation.status == STATUS_OPEN, Conversation.agent_id.is_not(None))
            .distinct()
        )
    )


def lost_agents(now):
    """Agents with open conversations and no socket for longer than the grace period."""
    grace = timedelta(seconds=current_app.config["AGENT_GRACE_SECONDS"])
    state = current_state()
    lost = []
    for agent_id in agents_holding_conversations():
        if state.agent_status(agent_id) != OFFLINE:
            continue
        since = state.offline_since(agent_id, now)
        if since is not None and now - since >= grace:
            lost.append(agent_id)
    return lost


def requeue_agent_conversations(agent_id, now, reason=None, notice_code="agent_lost"):
    """Move an agent's open conversations back to the head of the queue; return
    [(conversation id, notice)]. Commits each move."""
    moved = []
    open_ids = db.session.scalars(
        select(Conversation.id).where(
            Conversation.agent_id == agent_id, Conversation.status == STATUS_OPEN
        )
    ).all()
    for conversation_id in open_ids:
        taken = db.session.execute(
            update(Conversation)
            .where(
                Conversation.id == conversation_id,
                Conversation.agent_id == agent_id,
                Conversation.status == STATUS_OPEN,
            )
            .values(
                status=STATUS_QUEUED,
                agent_id=None,
                assigned_at=None,
                # Oldest conversations first among the redispatched.
                queued_at=HEAD_OF_QUEUE + timedelta(microseconds=conversation_id),
                enqueued_at=now,
                route_reason=reason or f"agent {agent_id} offline past the grace period",
            )
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            db.session.rollback()
            continue  # closed, transferred or already moved by another worker
        claims.release_capacity(agent_id)
        notice = add_system_notice(conversation_id, notice_code)
        db.session.commit()
        REDISPATCHED.inc()
        moved.append((conversation_id, notice))
    return moved


def redispatch_lost_agents(now=None):
    """One sweep: requeue what lost agents held, tell everyone, route it again."""
    now = now or utcnow()
    moved_ids = []
    for agent_id in lost_agents(now):
        moved = requeue_agent_conversations(agent_id, now)
        moved_ids += announce_requeued(agent_id, moved)
        if moved:
            log.warning(
                "agent %s offline past the grace period: %d conversation(s) redispatched",
                agent_id,
                len(moved),
            )
    if moved_ids:
        router.drain_queue()
        publishing.publish_queue()
    return moved_ids


def announce_requeued(agent_id, moved):
    """Tell the agent, the visitors and the queue what requeue_agent_conversations moved;
    return the conversation ids."""
    for conversation_id, notice in moved:
        conversation = get_conversation(conversation_id)
        publish_conversation(conversation, agent_ids={agent_id})
        announce_notice(notice, conversation)
    if moved:
        publishing.publish_agents(agent_id)
    return [conversation_id for conversation_id, _ in moved]


def sweep(now=None):
    """Periodic work of the router: agent loss, skill-group fallbacks, a stalled queue."""
    moved = redispatch_lost_agents(now)
    if not moved:
        # Fallbacks coming due, and anything an outage (Redis, a dead worker) left waiting.
        router.drain_queue()
    return moved
