"""Atomic claims: conditional UPDATEs that hold across any number of workers.

A conversation is claimed once (status must still be queued) and an agent is
never over capacity (load must still be below max_concurrent); both happen in
one transaction, so a lost race changes nothing.
"""

from sqlalchemy import update

from ..extensions import db
from ..models import STATUS_OPEN, STATUS_QUEUED, Agent, Conversation
from ..timeutil import utcnow


def take_capacity(agent_id, now):
    """Add one to an agent's load if it has room; return whether it did."""
    result = db.session.execute(
        update(Agent)
        .where(Agent.id == agent_id, Agent.load < Agent.max_concurrent)
        .values(load=Agent.load + 1, last_assigned_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release_capacity(agent_id):
    """Take one off an agent's load (never below zero)."""
    db.session.execute(
        update(Agent)
        .where(Agent.id == agent_id, Agent.load > 0)
        .values(load=Agent.load - 1)
        .execution_options(synchronize_session=False)
    )


def move_capacity(from_agent_id, to_agent_id, now):
    """Move one unit of load between agents in the open transaction; False if the target is
    full (the caller rolls back). Rows are touched in id order, so two opposite transfers
    cannot deadlock."""
    if from_agent_id is not None and from_agent_id < to_agent_id:
        release_capacity(from_agent_id)
        return take_capacity(to_agent_id, now)
    if not take_capacity(to_agent_id, now):
        return False
    if from_agent_id is not None:
        release_capacity(from_agent_id)
    return True


def claim(conversation_id, agent_id, reason=None):
    """Assign a queued conversation to an agent with room; commit and return True, or
    roll back and return "conversation" / "agent" for whichever side lost the race."""
    now = utcnow()
    taken = db.session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.status == STATUS_QUEUED)
        .values(
            agent_id=agent_id,
            status=STATUS_OPEN,
            assigned_at=now,
            route_reason=reason,
            excluded_agent_id=None,  # someone took it: the hand-off is over
        )
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        db.session.rollback()
        return "conversation"
    if not take_capacity(agent_id, now):
        db.session.rollback()
        return "agent"
    db.session.commit()
    return True
