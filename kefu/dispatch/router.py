"""The router: feed the decision core from the database and the state backend,
then claim atomically, falling back along the ranking when a race is lost."""

import logging
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, select, update

from ..chat.events import current_sink
from ..chat.serializers import conversation_dict, public_agents
from ..extensions import db
from ..metrics import CLAIMS
from ..models import STATUS_OPEN, STATUS_QUEUED, Agent, Conversation, SkillGroup, agent_skills
from ..state import current_state
from ..timeutil import utcnow
from . import claims
from .batcher import EXTENSION_KEY as BATCHER_KEY
from .decide import AgentView, ConversationView, choose_agent
from .queue import QUEUE_ORDER, assignments_per_second, estimated_wait, queued_conversations
from .queuepublish import EXTENSION_KEY as QUEUE_PUBLISHER_KEY

log = logging.getLogger(__name__)


# The routing fields of agents with their skill names, one row per skill (or one without):
# a plain Core read, where loading Agent objects and their skills took a tenth of a worker
# in the dispatch storm's profile (one routing pass reads them once).
_AGENT_ROUTING_ROWS = (
    select(Agent.id, Agent.load, Agent.max_concurrent, Agent.last_assigned_at, SkillGroup.name)
    .outerjoin(agent_skills, agent_skills.c.agent_id == Agent.id)
    .outerjoin(SkillGroup, SkillGroup.id == agent_skills.c.skill_group_id)
    .where(Agent.id.in_(bindparam("agent_ids", expanding=True)))
)


def online_agent_views():
    """Snapshot every online (connected, not away) agent as decision-core data."""
    online = current_state().online_agent_ids()
    if not online:
        return []
    fields, skills = {}, defaultdict(set)
    for agent_id, load, max_concurrent, last_assigned_at, skill in db.session.execute(
        _AGENT_ROUTING_ROWS, {"agent_ids": sorted(online)}
    ):
        fields[agent_id] = (load, max_concurrent, last_assigned_at)
        if skill is not None:
            skills[agent_id].add(skill)
    return [
        AgentView(
            id=agent_id,
            load=load,
            max_concurrent=max_concurrent,
            skills=frozenset(skills[agent_id]),
            last_assigned_at=last_assigned_at,
        )
        for agent_id, (load, max_concurrent, last_assigned_at) in fields.items()
    ]


class AgentSnapshot:
    """The online agents read once and kept current by the claims made with it, so routing
    many conversations costs one read: claims stay atomic in the database, and a claim that
    finds an agent full (another worker got there first) marks it full here too."""

    def __init__(self, views):
        self.by_id = {a.id: a for a in views}

    @classmethod
    def read(cls):
        return cls(online_agent_views())

    def views(self):
        return list(self.by_id.values())

    def has_room(self):
        return any(a.load < a.max_concurrent for a in self.by_id.values())

    def assigned(self, agent_id, now):
        agent = self.by_id.get(agent_id)
        if agent is not None:
            self.by_id[agent_id] = replace(agent, load=agent.load + 1, last_assigned_at=now)

    def full(self, agent_id):
        agent = self.by_id.get(agent_id)
        if agent is not None:
            self.by_id[agent_id] = replace(agent, load=max(agent.load, agent.max_concurrent))


def previous_agent_id(conversation):
    """The agent of this visitor's latest other conversation within the sticky window."""
    return previous_agent_ids([conversation])[conversation.id]


def previous_agent_ids(conversations):
    """{conversation id: the agent of its visitor's latest other conversation within the
    sticky window, or None}, in one query for all of them."""
    since = utcnow() - timedelta(hours=current_app.config["DISPATCH_STICKY_HOURS"])
    rows = db.session.execute(
        select(Conversation.visitor_id, Conversation.id, Conversation.agent_id)
        .where(
            Conversation.visitor_id.in_({c.visitor_id for c in conversations}),
            Conversation.agent_id.is_not(None),
            Conversation.created_at >= since,
        )
        .order_by(Conversation.created_at.desc(), Conversation.id.desc())
    ).all()
    latest = defaultdict(list)  # visitor id -> [(conversation id, agent id)], newest first
    for visitor_id, conversation_id, agent_id in rows:
        latest[visitor_id].append((conversation_id, agent_id))
    return {
        c.id: next((agent for other, agent in latest[c.visitor_id] if other != c.id), None)
        for c in conversations
    }


def is_widened(conversation, now):
    """Waited past the skill-group fallback (KEFU_SKILL_FALLBACK_SECONDS, 0 = never)."""
    fallback = current_app.config["SKILL_FALLBACK_SECONDS"]
    if not fallback or not conversation.skill_group or conversation.enqueued_at is None:
        return False
    return now - conversation.enqueued_at >= timedelta(seconds=fallback)


# For conversation_view: the sticky agent was not looked up yet (None means "there is none").
LOOK_UP = object()


def conversation_view(conversation, now=None, previous=LOOK_UP):
    """The decision core's view of a conversation; `previous` is its sticky agent id (or
    None) when the caller looked it up already (previous_agent_ids)."""
    if previous is LOOK_UP:
        previous = previous_agent_id(conversation)
    return ConversationView(
        id=conversation.id,
        skill_group=conversation.skill_group,
        previous_agent_id=previous,
        widened=is_widened(conversation, now or utcnow()),
        excluded_agent_id=conversation.excluded_agent_id,
    )


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


def publish_agents(*agent_ids):
    """Tell the team about agents whose load changed (one read for all of them)."""
    wanted = set(agent_ids) - {None}
    if not wanted:
        return
    _announce_agents(
        db.session.scalars(
            select(Agent).where(Agent.id.in_(wanted)).execution_options(populate_existing=True)
        )
    )


def _announce_agents(agents):
    """One `agent` event per agent (freshly loaded), in id order."""
    sink = current_sink()
    for agent in public_agents(sorted(agents, key=lambda a: a.id)):
        sink.agent_changed(agent)


def publish_assignments(conversation_ids):
    """Tell each assigned conversation's visitor and agent, then the team about the agents'
    new load: one read of the conversations (with their visitors and agents) for them all,
    and one agent event per agent however many conversations it took."""
    if not conversation_ids:
        return
    found = db.session.scalars(
        select(Conversation)
        .where(Conversation.id.in_(conversation_ids))
        .order_by(Conversation.id)
        .execution_options(populate_existing=True)
    )
    sink, agents = current_sink(), {}
    for conversation in found:
        sink.conversation_changed(
            conversation_dict(conversation),
            visitor_id=conversation.visitor_id,
            agent_ids={conversation.agent_id},
        )
        if conversation.agent is not None:
            agents[conversation.agent.id] = conversation.agent
    # Loaded fresh with the conversations above (populate_existing reaches the joined rows).
    _announce_agents(agents.values())


def publish_assignment(conversation_id):
    publish_assignments([conversation_id])


def current_queue():
    """The queued conversations as the contract shows them, head first."""
    rate = assignments_per_second()
    return [
        conversation_dict(c, position, estimated_wait(position, rate))
        for position, c in enumerate(queued_conversations(), start=1)
    ]


def publish_queue():
    """Tell agents and the queued visitors where the queue stands (coalesced when served:
    dispatch/queuepublish.py)."""
    publisher = current_app.extensions.get(QUEUE_PUBLISHER_KEY)
    if publisher is not None:
        publisher.request()
        return
    current_sink().queue_changed(current_queue())


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
