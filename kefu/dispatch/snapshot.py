"""What a routing pass reads: the online agents (a snapshot kept current by the pass's own
claims), each waiting conversation's sticky agent, and the decision core's views of both."""

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, select

from ..extensions import db
from ..models import Agent, Conversation, SkillGroup, agent_skills
from ..state import current_state
from ..timeutil import utcnow
from .decide import AgentView, ConversationView

# The routing fields of agents with their skill names, one row per skill (or one without):
# a plain Core read, where loading Agent objects and their skills took a tenth of a worker
# in the dispatch storm's profile (one routing pass reads them once).
_AGENT_ROUTING_ROWS = (
    select(Agent.id, Agent.load, Agent.max_concurrent, Agent.last_assigned_at, SkillGroup.name)
    .outerjoin(agent_skills, agent_skills.c.agent_id == Agent.id)
    .outerjoin(SkillGroup, SkillGroup.id == agent_skills.c.skill_group_id)
    .where(Agent.id.in_(bindparam("agent_ids", expanding=True)), Agent.deactivated_at.is_(None))
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
