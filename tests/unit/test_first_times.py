"""The message path stamps a conversation's first visitor message and first agent reply
when they happen (reports read them, never messages), on every engine (the seq bump
stamps them, PostgreSQL's one-statement form included); a private note or a system notice
is not a reply, and later messages change nothing."""

from kefu.chat.conversations import close_conversation
from kefu.extensions import db
from kefu.models import Conversation
from tests.factories import as_agent, as_visitor, staff_says, visitor_says

from .engines import app_on_every_engine, empty_database  # noqa: F401  (`app` on each engine)


def stamps(conversation_id):
    row = db.session.get(Conversation, conversation_id, populate_existing=True)
    return row.first_visitor_at, row.first_response_at


def test_first_visitor_message_and_first_reply_are_stamped_once(make_agent, make_visitor, online):
    agent = make_agent()
    online(agent)
    visitor = make_visitor()
    first, _ = visitor_says(as_visitor(visitor), "v1", "hello")
    cid = first.conversation_id
    assert stamps(cid) == (first.created_at, None)

    staff_says(as_agent(agent), cid, "n1", "a note", private=True)
    assert stamps(cid)[1] is None  # a private note is not a reply
    reply, _ = staff_says(as_agent(agent), cid, "a1", "hi")
    assert stamps(cid) == (first.created_at, reply.created_at)

    visitor_says(as_visitor(visitor), "v2", "thanks")
    staff_says(as_agent(agent), cid, "a2", "welcome")
    assert stamps(cid) == (first.created_at, reply.created_at)
    close_conversation(as_agent(agent), cid)  # a system notice
    assert stamps(cid) == (first.created_at, reply.created_at)
