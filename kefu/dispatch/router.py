"""The router: feed the decision core (decide.py) what a pass reads (snapshot.py), claim
atomically (claims.py), fall back along the ranking when a race is lost, and publish what
was decided (publishing.py)."""

import logging
from collections import defaultdict

from flask import current_app
from sqlalchemy import select, update

from ..extensions import db
from ..metrics import CLAIMS
from ..models import STATUS_OPEN, STATUS_QUEUED, Conversation
from ..timeutil import utcnow
from . import claims
from .batcher import DispatchBatcher
from .decide import choose_agent
from .publishing import publish_assignments, publish_queue
from .queue import QUEUE_ORDER
from .snapshot import LOOK_UP, AgentSnapshot, conversation_view, previous_agent_ids

BATCHER_KEY = "kefu.dispatch_batcher"
log = logging.getLogger(__name__)


def try_assign(conversation, snapshot, waiting, previous=LOOK_UP):
    """Assign one queued conversation if any agent can take it; return the agent id or None.
    Why it waits otherwise is added to `waiting` ({reason: [conversation ids]})."""
    conversation_id, route_reason = conversation.id, conversation.route_reason
    decision = choose_agent(conversation_view(conversation, previous=previous), snapshot.views())
    if decision.agent_id is None and route_reason != decision.reason:
        waiting[decision.reason].append(conversation_id)
    for agent_id in decision.ranking:
        reason = (
            decision.reason if agent_id == decision.agent_id else "next in ranking after a race"
        )
        now = utcnow()
        outcome = claims.claim(conversation_id, agent_id, reason, now)
        CLAIMS.labels("assigned" if outcome is True else f"{outcome}_lost").inc()
        if outcome is True:
            log.info("conversation %s -> agent %s (%s)", conversation_id, agent_id, decision.reason)
            snapshot.assigned(agent_id, now)
            return agent_id
        if outcome == "conversation":
            return None  # another worker or agent took it first
        log.info("agent %s filled up in a race; trying the next one", agent_id)
        snapshot.full(agent_id)
    return None


def note_waiting(waiting):
    """Record why conversations wait (shown to agents; no event of its own): one UPDATE per
    reason, whatever the number of conversations."""
    for reason, conversation_ids in waiting.items():
        db.session.execute(
            update(Conversation)
            .where(Conversation.id.in_(conversation_ids), Conversation.status == STATUS_QUEUED)
            .values(route_reason=reason)
            .execution_options(synchronize_session=False)
        )
    if waiting:
        db.session.commit()


def dispatch(conversation_id):
    """Route a newly queued conversation: assign it now or leave it queued, and publish.

    Served under gevent, one greenlet per process routes (and publishes) every conversation
    waiting at that moment in one pass (dispatch/batcher.py); otherwise it is done here."""
    batcher = current_app.extensions.get(BATCHER_KEY)
    if batcher is not None:
        agent_id = batcher.route(conversation_id)
    else:
        agent_id = route_and_publish([conversation_id]).get(conversation_id)
    # The queue event also tells a still-waiting visitor its position.
    publish_queue()
    return agent_id


def route_and_publish(conversation_ids):
    """route_batch, then the assignments published together (a failed publish is logged
    and leaves the routing as it is: the claims are committed); the answer also names the
    agent of a conversation that another pass assigned meanwhile."""
    routed = route_batch(conversation_ids)
    try:
        publish_assignments([c for c, agent_id in routed.items() if agent_id is not None])
    except Exception:
        log.exception("publishing %s assignments failed", len(routed))
        db.session.rollback()
    routed.update(assigned_elsewhere([c for c, agent_id in routed.items() if agent_id is None]))
    return routed


def assigned_elsewhere(conversation_ids):
    """{conversation id: agent id} of those among these that another routing pass assigned
    meanwhile (an agent coming online drains the queue between a first message's commit
    and its routing): that agent must still get the first message. One query."""
    if not conversation_ids:
        return {}
    return dict(
        db.session.execute(
            select(Conversation.id, Conversation.agent_id).where(
                Conversation.id.in_(conversation_ids), Conversation.status == STATUS_OPEN
            )
        ).all()
    )


# What routing reads of a waiting conversation: plain rows, which a claim's commit does not
# expire (an ORM object would be loaded again after every commit).
_ROUTING_COLUMNS = (
    Conversation.id,
    Conversation.visitor_id,
    Conversation.skill_group,
    Conversation.enqueued_at,
    Conversation.excluded_agent_id,
    Conversation.route_reason,
)


def waiting_rows(*criteria):
    """Queued conversations (those matching `criteria`) as routing rows, head first."""
    return db.session.execute(
        select(*_ROUTING_COLUMNS)
        .where(Conversation.status == STATUS_QUEUED, *criteria)
        .order_by(*QUEUE_ORDER)
    ).all()


def route_batch(conversation_ids):
    """Route the queued conversations among these, head of the queue first; return
    {conversation id: agent id or None}.

    One read of the agents and of the sticky agents decides them all, then every agent's
    share is claimed in one transaction (claims.claim_shares): three statements per pass
    instead of three per agent. When another worker filled an agent up meanwhile, the
    shares are claimed agent by agent, and the impossible one is routed again one
    conversation at a time."""
    found = waiting_rows(Conversation.id.in_(conversation_ids))
    routed = dict.fromkeys(conversation_ids)
    if not found:
        return routed
    snapshot, waiting = AgentSnapshot.read(), defaultdict(list)
    previous = previous_agent_ids(found)
    shares, now = defaultdict(dict), utcnow()  # agent id -> {conversation id: reason}
    for conversation in found:
        view = conversation_view(conversation, now, previous=previous[conversation.id])
        decision = choose_agent(view, snapshot.views())
        if decision.agent_id is None:
            if conversation.route_reason != decision.reason:
                waiting[decision.reason].append(conversation.id)
            continue
        shares[decision.agent_id][conversation.id] = decision.reason
        snapshot.assigned(decision.agent_id, now)
    again = []
    claimed = claims.claim_shares(shares, now) if shares else {}
    if claimed is None:  # an agent filled up meanwhile (another worker): agent by agent
        claimed = {}
        for agent_id in sorted(shares):
            share = claims.claim_shares({agent_id: shares[agent_id]}, now)
            if share is None:
                CLAIMS.labels("agent_lost").inc()
                again += shares[agent_id]
            else:
                claimed.update(share)
    assigned = {cid: agent_id for agent_id, ids in claimed.items() for cid in ids}
    CLAIMS.labels("assigned").inc(len(assigned))
    # Taken by another claim meanwhile (shares whose agent had no room are routed again).
    CLAIMS.labels("conversation_lost").inc(
        sum(len(share) for share in shares.values()) - len(assigned) - len(again)
    )
    for conversation_id, agent_id in assigned.items():
        log.info("conversation %s -> agent %s", conversation_id, agent_id)
        routed[conversation_id] = agent_id
    if again:
        snapshot = AgentSnapshot.read()
        for conversation in waiting_rows(Conversation.id.in_(again)):
            routed[conversation.id] = try_assign(
                conversation, snapshot, waiting, previous=previous[conversation.id]
            )
    note_waiting(waiting)
    return routed


def drain_queue():
    """Assign waiting conversations, head first, while any online agent has room."""
    assigned, snapshot, waiting = [], AgentSnapshot.read(), defaultdict(list)
    for conversation in waiting_rows():
        if not snapshot.has_room():
            break
        if try_assign(conversation, snapshot, waiting) is not None:
            assigned.append(conversation.id)
    note_waiting(waiting)
    publish_assignments(assigned)
    if assigned:
        publish_queue()
    return assigned


def init_dispatch_batcher(app):
    """One routing greenlet under gevent (the served product); threads (tests) route inline."""
    if app.config["SOCKETIO_ASYNC_MODE"] == "gevent":
        app.extensions[BATCHER_KEY] = DispatchBatcher(app, route_and_publish)
