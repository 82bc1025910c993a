"""The router: feed the decision core from the database and the state backend,
then claim atomically, falling back along the ranking when a race is lost."""

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..chat.events import current_sink
from ..chat.serializers import conversation_dict, public_agent
from ..extensions import db
from ..metrics import CLAIMS
from ..models import STATUS_CLOSED, STATUS_QUEUED, Agent, Conversation
from ..state import current_state
from ..timeutil import utcnow
from . import claims
from .decide import AgentView, ConversationView, choose_agent
from .queue import assignments_per_second, estimated_wait, queued_conversations
from .queuepublish import EXTENSION_KEY as QUEUE_PUBLISHER_KEY

log = logging.getLogger(__name__)


def online_agent_views():
    """Snapshot every online (connected, not away) agent as decision-core data."""
    online = current_state().online_agent_ids()
    if not online:
        return []
    agents = db.session.scalars(select(Agent).where(Agent.id.in_(online)))
    return [
        AgentView(
            id=a.id,
            load=a.load,
            max_concurrent=a.max_concurrent,
            skills=frozenset(g.name for g in a.skills),
            last_assigned_at=a.last_assigned_at,
        )
        for a in agents
    ]


def previous_agent_id(conversation):
    """The agent of this visitor's latest other conversation within the sticky window."""
    since = utcnow() - timedelta(hours=current_app.config["DISPATCH_STICKY_HOURS"])
    return db.session.scalar(
        select(Conversation.agent_id)
        .where(
            Conversation.visitor_id == conversation.visitor_id,
            Conversation.id != conversation.id,
            Conversation.agent_id.is_not(None),
            Conversation.created_at >= since,
        )
        .order_by(Conversation.created_at.desc(), Conversation.id.desc())
        .limit(1)
    )


def is_widened(conversation, now):
    """Waited past the skill-group fallback (KEFU_SKILL_FALLBACK_SECONDS, 0 = never)."""
    fallback = current_app.config["SKILL_FALLBACK_SECONDS"]
    if not fallback or not conversation.skill_group or conversation.enqueued_at is None:
        return False
    return now - conversation.enqueued_at >= timedelta(seconds=fallback)


def conversation_view(conversation, now=None):
    return ConversationView(
        id=conversation.id,
        skill_group=conversation.skill_group,
        previous_agent_id=previous_agent_id(conversation),
        widened=is_widened(conversation, now or utcnow()),
        excluded_agent_id=conversation.excluded_agent_id,
    )


def try_assign(conversation, agents):
    """Assign one queued conversation if any agent can take it; return the agent id or None."""
    decision = choose_agent(conversation_view(conversation), agents)
    if decision.agent_id is None and conversation.route_reason != decision.reason:
        note_waiting(conversation.id, decision.reason)
    for agent_id in decision.ranking:
        reason = (
            decision.reason if agent_id == decision.agent_id else "next in ranking after a race"
        )
        outcome = claims.claim(conversation.id, agent_id, reason)
        CLAIMS.labels("assigned" if outcome is True else f"{outcome}_lost").inc()
        if outcome is True:
            log.info("conversation %s -> agent %s (%s)", conversation.id, agent_id, decision.reason)
            return agent_id
        if outcome == "conversation":
            return None  # another worker or agent took it first
        log.info("agent %s filled up in a race; trying the next one", agent_id)
    return None


def note_waiting(conversation_id, reason):
    """Record why a conversation waits (shown to agents; no event of its own)."""
    db.session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.status == STATUS_QUEUED)
        .values(route_reason=reason)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def publish_agents(*agent_ids):
    """Tell the team about agents whose load changed."""
    for agent_id in set(agent_ids) - {None}:
        agent = db.session.get(Agent, agent_id, populate_existing=True)
        if agent is not None:
            current_sink().agent_changed(public_agent(agent))


def publish_assignment(conversation_id):
    conversation = db.session.get(Conversation, conversation_id, populate_existing=True)
    current_sink().conversation_changed(
        conversation_dict(conversation),
        visitor_id=conversation.visitor_id,
        agent_ids={conversation.agent_id},
    )
    publish_agents(conversation.agent_id)


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
    """Route a newly queued conversation: assign it now or leave it queued, and publish."""
    conversation = db.session.get(Conversation, conversation_id, populate_existing=True)
    if conversation is None or conversation.status == STATUS_CLOSED:
        return None
    agent_id = try_assign(conversation, online_agent_views())
    if agent_id is not None:
        publish_assignment(conversation_id)
    # The queue event also tells a still-waiting visitor its position.
    publish_queue()
    return agent_id


def drain_queue():
    """Assign waiting conversations, head first, while any online agent has room."""
    assigned = []
    for conversation in queued_conversations():
        agents = online_agent_views()
        if not any(a.load < a.max_concurrent for a in agents):
            break
        agent_id = try_assign(conversation, agents)
        if agent_id is not None:
            assigned.append(conversation.id)
    for conversation_id in assigned:
        publish_assignment(conversation_id)
    if assigned:
        publish_queue()
    return assigned
