"""Atomic claims: conditional UPDATEs that hold across any number of workers.

A conversation is claimed once (status must still be queued) and an agent is
never over capacity (load must still be below max_concurrent); both happen in
one transaction, so a lost race changes nothing.
"""

from sqlalchemy import case, select, update

from ..events import outbox, payloads
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
    _execute(update(Agent).where(Agent.id == agent_id, Agent.load > 0).values(load=Agent.load - 1))


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


def claim(conversation_id, agent_id, reason=None, now=None, waiting=(STATUS_QUEUED,)):
    """Assign a waiting (queued; for a pick also pending) conversation to an agent with
    room; commit and return True, or roll back and return "conversation" / "agent" for
    whichever side lost the race."""
    now = now or utcnow()
    taken = _execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.status.in_(waiting))
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
    record_assigned({agent_id: {conversation_id: reason}}, {agent_id: [conversation_id]}, now)
    db.session.commit()
    return True


def claim_shares(shares, now):
    """Assign queued conversations to agents ({agent id: {conversation id: route reason}})
    in one transaction, whatever the number of agents: two UPDATEs and a commit. Return
    {agent id: [conversation ids assigned]} committed.

    Rows are locked in claim()'s order (conversations, then agents), so the two never
    deadlock each other. A conversation another claim took meanwhile is left out; each
    agent's load goes up by exactly the number it took, or nothing happens at all (None,
    rolled back) when any of them has no room for its share."""
    owner = {cid: agent_id for agent_id, share in shares.items() for cid in share}
    ids = sorted(owner)
    taken = _execute(
        update(Conversation)
        .where(Conversation.id.in_(ids), Conversation.status == STATUS_QUEUED)
        .values(
            agent_id=_by_id(Conversation.id, owner),
            status=STATUS_OPEN,
            assigned_at=now,
            route_reason=_by_id(
                Conversation.id, {cid: r for share in shares.values() for cid, r in share.items()}
            ),
            excluded_agent_id=None,
        )
    ).rowcount
    if not taken:
        db.session.rollback()
        return {}
    if taken < len(ids):  # rare: which ones were still queued
        ids = [
            cid
            for cid, agent_id in db.session.execute(
                select(Conversation.id, Conversation.agent_id).where(
                    Conversation.id.in_(ids), Conversation.assigned_at == now
                )
            )
            if owner[cid] == agent_id
        ]
    claimed = {}
    for cid in ids:
        claimed.setdefault(owner[cid], []).append(cid)
    counts = {agent_id: len(taken_ids) for agent_id, taken_ids in claimed.items()}
    added = _by_id(Agent.id, counts)
    room = _execute(
        update(Agent)
        .where(Agent.id.in_(counts), Agent.load + added <= Agent.max_concurrent)
        .values(load=Agent.load + added, last_assigned_at=now)
    )
    if room.rowcount != len(counts):
        db.session.rollback()
        return None
    record_assigned(shares, claimed, now)
    db.session.commit()
    return claimed


def record_assigned(shares, claimed, now):
    """conversation.assigned for each conversation claimed, in the claim's transaction."""
    connection = db.session.connection()
    for agent_id, conversation_ids in claimed.items():
        for cid in conversation_ids:
            reason = shares[agent_id][cid]
            outbox.record(connection, *payloads.conversation_assigned(cid, agent_id, reason, now))


def _by_id(column, values):
    """{id: value} as a SQL expression on `column`: the value itself when all are one."""
    distinct = set(values.values())
    if len(distinct) == 1:
        return distinct.pop()
    return case(values, value=column)
