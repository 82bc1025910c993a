"""A wait estimate only when someone online could answer (issue 20): with nobody online, or
nobody holding the conversation's skill, a queued conversation says so instead."""

from sqlalchemy import update

from kefu.chat import conversations
from kefu.dispatch.publishing import current_queue
from kefu.extensions import db
from kefu.models import Conversation
from kefu.timeutil import utcnow
from tests.factories import as_visitor, visitor_says


def queued(make_visitor, skill_group=None):
    message, _ = visitor_says(as_visitor(make_visitor(skill_group=skill_group)), "c1", "hi")
    # A recent assignment, so a rate exists to estimate from.
    db.session.execute(
        update(Conversation)
        .where(Conversation.id != message.conversation_id)
        .values(assigned_at=utcnow())
    )
    db.session.commit()
    return db.session.get(Conversation, message.conversation_id)


def test_nobody_online_means_no_estimate(app, make_agent, make_visitor, online):
    first = queued(make_visitor)
    db.session.execute(update(Conversation).values(assigned_at=utcnow()))
    db.session.commit()
    shown = conversations.public_conversation(first)
    assert shown["queue_position"] == 1
    assert shown["agents_available"] is False and shown["estimated_wait_seconds"] is None
    assert current_queue()[0]["agents_available"] is False


def test_only_agents_of_the_skill_count(app, make_agent, make_visitor, online):
    app.config["SKILL_FALLBACK_SECONDS"] = 0
    billing = make_agent(skills=["billing"], max_concurrent=0)
    sales = make_agent(skills=["sales"], max_concurrent=0)  # full, but it will answer
    online(billing)
    waiting = queued(make_visitor, "sales")
    db.session.execute(update(Conversation).values(assigned_at=utcnow()))
    db.session.commit()
    assert conversations.public_conversation(waiting)["agents_available"] is False
    app.config["SKILL_FALLBACK_SECONDS"] = 60  # any agent takes it after the fallback wait
    assert current_queue()[0]["agents_available"] is True
    app.config["SKILL_FALLBACK_SECONDS"] = 0
    online(sales)
    shown = conversations.public_conversation(waiting)
    assert shown["agents_available"] is True and shown["estimated_wait_seconds"] is not None
