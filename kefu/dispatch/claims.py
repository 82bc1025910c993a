"""Atomic claims: conditional UPDATEs that hold across any number of workers.

A conversation is claimed once (status must still be queued) and an agent is
never over capacity (load must still be below max_concurrent); both happen in
one transaction, so a lost race changes nothing.
"""

from sqlalchemy import case, select, update

from ..extensions import db
from ..models import STATUS_OPEN, STATUS_QUEUED, Agent, Conversation
from ..timeutil import utcnow


def _execute(statement):
    """Run a Core statement on the session's connection, in its transaction. Claims touch no
    ORM objects, and the ORM's bulk-UPDATE path cost a third of each claim in the storm's
    profile."""
    return db.session.connection().execute(statement)


def take_capacity(agent_id, now):
    """Add one to an agent's load if it has room; return whether it did."""
    result = _execute(
        update(Agent)
        .where(Agent.id == agent_id, Agent.load < Agent.max_concurrent)
        .values(load=Agent.load + 1, last_assigned_at=now)
    )
    return result.rowcount == 1


def release_capacity(agent_id):
    """Take one off an agent's load (never below zero)."""
    _execute(
        update(Agent)
        .where(Agent.id == agent_id, Agent.load > 0)
        .values(load=Agent.load - 1)
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


def claim(conversation_id, agent_id, reason=None, now=None):
    """Assign a queued conversation to an agent with room; commit and return True, or
    roll back and return "conversation" / "agent" for whichever side lost the race."""
    now = now or utcnow()
    taken = _execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.status == STATUS_QUEUED)
        .values(
            agent_id=agent_id,
            status=STATUS_OPEN,
            assigned_at=now,
            route_reason=reason,
            excluded_agent_id=None,  # someone took it: the hand-off is over
        )
    )
    if taken.rowcount != 1:
        db.session.rollback()
        return "conversation"
    if not take_capacity(agent_id, now):
        db.session.rollback()
        return "agent"
    db.session.commit()
    return True


def claim_many(agent_id, reasons, now):
    """Assign several queued conversations ({conversation id: route reason}) to one agent in
    one transaction; commit and return the ids assigned. Rows are locked in claim()'s order
    (conversations, then the agent), so the two never deadlock each other. A conversation
    another claim took meanwhile is left out; the agent's load goes up by exactly the number
    taken, or nothing happens at all (None) when it has no room for them."""
    ids = list(reasons)
    taken = _execute(
        update(Conversation)
        .where(Conversation.id.in_(ids), Conversation.status == STATUS_QUEUED)
        .values(
            agent_id=agent_id,
            status=STATUS_OPEN,
            assigned_at=now,
            route_reason=case(reasons, value=Conversation.id),
            excluded_agent_id=None,
        )
    ).rowcount
    if not taken:
        db.session.rollback()
        return []
    room = _execute(
        update(Agent)
        .where(Agent.id == agent_id, Agent.load + taken <= Agent.max_concurrent)
        .values(load=Agent.load + taken, last_assigned_at=now)
    )
    if room.rowcount != 1:
        db.session.rollback()
        return None
    if taken < len(ids):  # rare: which ones were still queued
        ids = list(
            db.session.scalars(
                select(Conversation.id).where(
                    Conversation.id.in_(ids),
                    Conversation.agent_id == agent_id,
                    Conversation.assigned_at == now,
                )
            )
        )
    db.session.commit()
    return ids
