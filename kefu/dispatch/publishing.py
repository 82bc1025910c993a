"""Routing told to everyone concerned: assignments to their visitor and agent, agents'
load to the team, the queue to agents and the visitors waiting in it. Every call comes after
the commit it reports."""

from flask import current_app
from sqlalchemy import select

from ..events.sink import current_sink
from ..extensions import db
from ..models import Agent, Conversation
from ..serializers import conversation_dict, public_agents
from .queue import QueueReading, queued_conversations
from .queuepublish import QueuePublisher

QUEUE_PUBLISHER_KEY = "kefu.queue_publisher"


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
    reading = QueueReading()
    return [reading.shown(c, position) for position, c in enumerate(queued_conversations(), 1)]


def publish_queue():
    """Tell agents and the queued visitors where the queue stands (coalesced when served:
    dispatch/queuepublish.py)."""
    publisher = current_app.extensions.get(QUEUE_PUBLISHER_KEY)
    if publisher is not None:
        publisher.request()
        return
    current_sink().queue_changed(current_queue())


def init_queue_publisher(app):
    """Queue events coalesced under gevent (the served product); immediate with threads
    (tests)."""
    interval = app.config["QUEUE_PUBLISH_SECONDS"]
    if app.config["SOCKETIO_ASYNC_MODE"] == "gevent" and interval > 0:
        app.extensions[QUEUE_PUBLISHER_KEY] = QueuePublisher(app, interval, current_queue)
