"""System notices carry a code and parameters for each client to render in its language,
beside the English text every other reader gets."""

from sqlalchemy import select

from kefu.chat import conversations
from kefu.extensions import db
from kefu.models import Message
from kefu.serializers import message_dict
from tests.factories import as_agent, as_visitor, visitor_says


def notices(conversation_id):
    rows = db.session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.sender_type == "system")
        .order_by(Message.seq)
    )
    return [message_dict(m) for m in rows]


def test_transfer_and_close_notices(app, make_agent, make_visitor, online):
    alice, bob = make_agent(name="Alice", skills=["sales"]), make_agent(name="Bob")
    online(alice, bob)
    message, _ = visitor_says(as_visitor(make_visitor(skill_group="sales")), "c1", "hi")
    cid = message.conversation_id
    conversations.transfer_conversation(as_agent(alice), cid, agent_id=bob.id)
    conversations.close_conversation(as_agent(bob), cid)
    transfer, close = notices(cid)
    assert transfer["notice"] == {"code": "transferred_to_agent", "params": {"agent": "Bob"}}
    assert transfer["content"] == "Transferred to Bob."
    assert close["notice"] == {"code": "closed", "params": {}}
    assert close["content"] == "The conversation was closed."


def test_people_write_no_notice(app, make_visitor):
    message, _ = visitor_says(as_visitor(make_visitor()), "c1", "hi")
    assert message_dict(message)["notice"] is None
    stored = db.session.scalar(select(Message.notice).where(Message.id == message.id))
    assert stored is None


def test_inactive_conversations_are_closed(app, make_agent, make_visitor, online):
    from datetime import timedelta

    from sqlalchemy import update

    from kefu.chat.auto_close import close_inactive
    from kefu.models import Conversation
    from kefu.schemas import parse
    from kefu.settings.schema import SettingsPatch
    from kefu.settings.update import update_settings
    from kefu.timeutil import utcnow

    agent = make_agent()
    online(agent)
    idle, _ = visitor_says(as_visitor(make_visitor()), "c1", "hello?")
    busy, _ = visitor_says(as_visitor(make_visitor()), "c2", "still here")
    assert close_inactive() == 0  # no setting: never
    update_settings(None, parse(SettingsPatch, {"auto_close_minutes": 30}))
    db.session.execute(
        update(Message)
        .where(Message.conversation_id == idle.conversation_id)
        .values(created_at=utcnow() - timedelta(minutes=31))
    )
    db.session.commit()
    assert close_inactive() == 1
    closed = db.session.get(Conversation, idle.conversation_id, populate_existing=True)
    assert closed.status == "closed"
    assert notices(idle.conversation_id)[-1]["notice"] == {
        "code": "closed_inactive",
        "params": {"minutes": 30},
    }
    assert db.session.get(Conversation, busy.conversation_id).status == "open"
    assert close_inactive() == 0
