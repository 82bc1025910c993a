"""Agent loss, skill-group fallback and wait estimates."""

from datetime import timedelta

from sqlalchemy import select

from kefu.chat import agents as agent_service
from kefu.chat import conversations
from kefu.chat.agent_loss import sweep
from kefu.extensions import db
from kefu.models import Agent, Conversation, Message
from kefu.timeutil import utcnow
from tests.factories import say


def reload(conversation):
    return db.session.get(Conversation, conversation.id, populate_existing=True)


def load_of(agent):
    return db.session.scalar(select(Agent.load).where(Agent.id == agent.id))


def test_lost_agent_conversations_go_to_another_agent(app, make_agent, make_visitor, sink):
    lost, spare = make_agent(), make_agent(max_concurrent=1)
    agent_service.agent_connected(lost.id, "s-lost")
    first, second = say(make_visitor(), "a"), say(make_visitor(), "b")
    assert reload(first).agent_id == lost.id and load_of(lost) == 2
    agent_service.agent_disconnected(lost.id, "s-lost")
    # Inside the grace period nothing moves.
    assert sweep(utcnow() + timedelta(seconds=30)) == []
    assert reload(first).agent_id == lost.id
    agent_service.agent_connected(spare.id, "s-spare")  # capacity for one of the two
    moved = sweep(utcnow() + timedelta(seconds=61))
    assert sorted(moved) == sorted([first.id, second.id])
    assert load_of(lost) == 0 and load_of(spare) == 1
    # The older conversation is served first; the other waits at the head of the queue.
    assert reload(first).agent_id == spare.id
    assert reload(second).status == "queued"
    assert conversations.public_conversation(reload(second))["queue_position"] == 1
    notices = db.session.scalars(
        select(Message.content).where(
            Message.conversation_id == second.id, Message.sender_type == "system"
        )
    ).all()
    assert notices == ["Your agent was disconnected. Finding you another agent…"]


def test_reconnecting_within_grace_keeps_conversations(app, make_agent, make_visitor, sink):
    agent = make_agent()
    agent_service.agent_connected(agent.id, "s1")
    conversation = say(make_visitor())
    agent_service.agent_disconnected(agent.id, "s1")
    agent_service.agent_connected(agent.id, "s2")
    assert sweep(utcnow() + timedelta(seconds=600)) == []
    assert reload(conversation).agent_id == agent.id


def test_away_agents_keep_their_conversations(app, make_agent, make_visitor, sink):
    agent = make_agent()
    agent_service.agent_connected(agent.id, "s1")
    conversation = say(make_visitor())
    agent_service.set_agent_status(agent.id, "away")
    assert sweep(utcnow() + timedelta(seconds=600)) == []
    assert reload(conversation).agent_id == agent.id


def test_agent_never_seen_since_start_counts_from_first_sweep(app, make_agent, make_visitor, sink):
    """After a restart nobody is connected: the grace period starts at the first sweep."""
    agent = make_agent()
    agent_service.agent_connected(agent.id, "s1")
    conversation = say(make_visitor())
    app.extensions["kefu.state"].__init__()  # a fresh process: presence forgotten
    now = utcnow()
    assert sweep(now) == []
    assert sweep(now + timedelta(seconds=59)) == []
    assert sweep(now + timedelta(seconds=60)) == [conversation.id]


def test_skill_group_fallback_widens_after_the_setting(app, make_agent, make_visitor, sink):
    general = make_agent()
    make_agent(skills=["vip"])  # the group exists; its only agent is offline
    agent_service.agent_connected(general.id, "s1")
    conversation = say(make_visitor(skill_group="vip"))
    assert conversation.status == "queued"
    assert sweep(utcnow() + timedelta(seconds=3600)) == []
    assert reload(conversation).status == "queued"  # fallback off by default
    app.config["SKILL_FALLBACK_SECONDS"] = 30
    sweep()
    assert reload(conversation).status == "queued"  # not waited long enough yet
    db.session.execute(
        Conversation.__table__.update()
        .where(Conversation.id == conversation.id)
        .values(enqueued_at=utcnow() - timedelta(seconds=31))
    )
    db.session.commit()
    sweep()
    assert reload(conversation).agent_id == general.id


def test_estimated_wait_follows_the_assignment_rate(app, make_agent, make_visitor, sink):
    agent = make_agent(max_concurrent=2)
    agent_service.agent_connected(agent.id, "s1")
    say(make_visitor(), "1")
    say(make_visitor(), "2")  # two assignments in the window
    waiting = say(make_visitor(), "3")
    body = conversations.public_conversation(waiting)
    minutes = app.config["WAIT_ESTIMATE_MINUTES"]
    assert body["queue_position"] == 1
    assert body["estimated_wait_seconds"] == round(1 / (2 / (minutes * 60)))


def test_no_estimate_without_recent_assignments(make_visitor, sink):
    body = conversations.public_conversation(say(make_visitor()))
    assert body["queue_position"] == 1 and body["estimated_wait_seconds"] is None
