"""The message path: seq without gaps, idempotent client_id, validation, history paging."""

import pytest
from sqlalchemy import func, select

from kefu.chat import conversations, lookups, messages
from kefu.errors import KefuError
from kefu.extensions import db
from kefu.models import Message
from kefu.storage.messages import MessageRow
from tests.factories import as_agent, as_visitor, staff_says, visitor_says

# Every case both ways the app writes (tests/conftest.py `served`).
pytestmark = pytest.mark.usefixtures("served")


def count_messages():
    return db.session.scalar(select(func.count()).select_from(Message))


def test_seq_counts_up_without_gaps(make_visitor, make_agent, online, sink):
    """Visitor and agent messages share one 1, 2, 3 … sequence per conversation."""
    agent = make_agent()
    online(agent)
    visitor = make_visitor()
    first, created = visitor_says(as_visitor(visitor), "c1", "hi")
    assert created and first.seq == 1
    reply, _ = staff_says(as_agent(agent), first.conversation_id, "a1", "hello")
    again, _ = visitor_says(as_visitor(visitor), "c2", "thanks")
    assert [first.seq, reply.seq, again.seq] == [1, 2, 3]
    assert again.conversation_id == first.conversation_id


def test_same_client_id_returns_the_stored_message(make_visitor, sink):
    """A retry after a lost ack stores nothing new and returns the first message."""
    visitor = make_visitor()
    first, created = visitor_says(as_visitor(visitor), "c1", "hi")
    before = count_messages()
    retry, created_again = visitor_says(as_visitor(visitor), "c1", "hi (resent)")
    assert created and not created_again
    assert retry.id == first.id and retry.content == "hi"
    assert count_messages() == before


def test_client_ids_are_scoped_per_sender(make_visitor, sink):
    """Two visitors may use the same client_id."""
    one, two = make_visitor(), make_visitor()
    a, _ = visitor_says(as_visitor(one), "same", "hi")
    b, created = visitor_says(as_visitor(two), "same", "hi")
    assert created and a.id != b.id


def test_client_id_reused_for_another_conversation_conflicts(make_visitor, make_agent, sink):
    admin = make_agent(role="admin")
    c1, _ = visitor_says(as_visitor(make_visitor()), "x", "hi")
    c2, _ = visitor_says(as_visitor(make_visitor()), "y", "hi")
    staff_says(as_agent(admin), c1.conversation_id, "dup", "one")
    with pytest.raises(KefuError) as err:
        staff_says(as_agent(admin), c2.conversation_id, "dup", "two")
    assert err.value.code == "duplicate_client_id"


@pytest.mark.parametrize(
    "content, code",
    [("", "empty_message"), ("   \n ", "empty_message"), ("x" * 5001, "message_too_long")],
)
def test_bad_content_is_refused_and_nothing_stored(make_visitor, sink, content, code):
    visitor = make_visitor()
    with pytest.raises(KefuError) as err:
        visitor_says(as_visitor(visitor), "c1", content)
    assert err.value.code == code
    assert count_messages() == 0
    assert lookups.active_conversation(visitor.id) is None


def test_limit_follows_configuration(app, make_visitor, sink):
    app.config["MAX_MESSAGE_CHARS"] = 10
    visitor = make_visitor()
    visitor_says(as_visitor(visitor), "ok", "x" * 10)
    with pytest.raises(KefuError) as err:
        visitor_says(as_visitor(visitor), "long", "x" * 11)
    assert err.value.code == "message_too_long" and err.value.status == 413


def test_agent_must_be_assigned(make_visitor, make_agent, online, sink):
    """An agent writes only to its own conversations; an admin to any."""
    assigned, other, admin = make_agent(), make_agent(), make_agent(role="admin")
    online(assigned)
    first, _ = visitor_says(as_visitor(make_visitor()), "c", "hi")
    with pytest.raises(KefuError) as err:
        staff_says(as_agent(other), first.conversation_id, "o1", "hi")
    assert err.value.code == "forbidden"
    _, created = staff_says(as_agent(admin), first.conversation_id, "ad", "hi")
    assert created


def test_closed_conversation_takes_no_messages(make_visitor, make_agent, online, sink):
    agent = make_agent()
    online(agent)
    visitor = make_visitor()
    first, _ = visitor_says(as_visitor(visitor), "c", "hi")
    conversations.close_conversation(as_agent(agent), first.conversation_id)
    with pytest.raises(KefuError) as err:
        staff_says(as_agent(agent), first.conversation_id, "late", "hi")
    assert err.value.code == "conversation_closed"
    # The visitor's next message opens a new conversation instead.
    nxt, _ = visitor_says(as_visitor(visitor), "c2", "again")
    assert nxt.conversation_id != first.conversation_id and nxt.seq == 1


def test_messages_after_returns_only_newer(make_visitor, make_agent, online, sink):
    agent = make_agent()
    online(agent)
    visitor = make_visitor()
    first, _ = visitor_says(as_visitor(visitor), "c", "one")
    for n in range(3):
        staff_says(as_agent(agent), first.conversation_id, f"a{n}", f"r{n}")
    conversation = lookups.get_conversation(first.conversation_id)
    after = messages.messages_after(as_visitor(visitor), conversation, 1)
    assert [m.seq for m in after] == [2, 3, 4]


def test_history_pages_newest_first_each_page_ascending(make_visitor, make_agent, online, sink):
    """Page 1 holds the newest per_page messages, oldest first inside the page."""
    agent = make_agent()
    online(agent)
    visitor = make_visitor()
    for n in range(5):
        visitor_says(as_visitor(visitor), f"c{n}", f"m{n}")
    page1, total = messages.visitor_history(visitor.id, 1, 2)
    page2, _ = messages.visitor_history(visitor.id, 2, 2)
    page3, _ = messages.visitor_history(visitor.id, 3, 2)
    page4, _ = messages.visitor_history(visitor.id, 4, 2)
    assert total == 5
    assert [m.content for m in page1] == ["m3", "m4"]
    assert [m.content for m in page2] == ["m1", "m2"]
    assert [m.content for m in page3] == ["m0"]
    assert page4 == []


def test_history_spans_conversations(make_visitor, make_agent, online, sink):
    agent = make_agent()
    online(agent)
    visitor = make_visitor()
    first, _ = visitor_says(as_visitor(visitor), "c1", "first chat")
    conversations.close_conversation(as_agent(agent), first.conversation_id)
    visitor_says(as_visitor(visitor), "c2", "second chat")
    rows, total = messages.visitor_history(visitor.id, 1, 20)
    assert total == 3  # two visitor messages and the close notice
    assert [m.content for m in rows] == [
        "first chat",
        "The conversation was closed.",
        "second chat",
    ]


def test_what_the_hot_path_returns_and_publishes_is_the_stored_row(make_visitor, sink):
    """The Core path answers with a plain MessageRow: the same public shape as the row read
    back from the database, for a first message (opening) and a later one."""
    from kefu.serializers import message_dict

    visitor = make_visitor()
    for client_id in ("c1", "c2"):
        sent, _ = visitor_says(as_visitor(visitor), client_id, "hi")
        assert isinstance(sent, MessageRow)
        stored = db.session.get(Message, sent.id, populate_existing=True)
        assert message_dict(sent) == message_dict(stored)
        assert sink.of("message")[-1] == message_dict(stored)


def test_end_session_snapshot_rolls_back_only_a_session_that_exists(app):
    from kefu.extensions import end_session_snapshot

    with app.app_context():
        end_session_snapshot()
        assert not db.session.registry.has()  # none was created just to be rolled back
        count_messages()  # a read opens the session's transaction
        assert db.session().in_transaction()
        end_session_snapshot()
        assert not db.session().in_transaction()
