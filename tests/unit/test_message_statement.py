"""A visitor's message in an active conversation, on every engine: one statement on
PostgreSQL (storage/postgres_message.py), three elsewhere, the same answer and the same rows."""

import pytest
from sqlalchemy import select, update

from kefu.chat.principals import Principal
from kefu.errors import KefuError
from kefu.extensions import db
from kefu.models import Conversation, Message
from kefu.storage import message_store
from kefu.storage.statements import MESSAGE_COLUMNS
from tests.factories import visitor_says

from .engines import app_on_every_engine, empty_database  # noqa: F401  (`app` on each engine)
from .test_open_conversation import Waiting, send, visitor_message


def stored(message_id):
    db.session.rollback()  # a fresh snapshot
    return db.session.get(Message, message_id)


def test_the_answer_is_the_stored_row(app, make_visitor):
    visitor = make_visitor(name="Ann")
    with db.engine.begin() as connection:
        first, _, _ = send(connection, visitor, "c1")
    db.session.execute(
        update(Conversation).where(Conversation.id == first.conversation_id).values(agent_id=None)
    )
    db.session.commit()
    with db.engine.begin() as connection:
        second, agent_id, opened = send(connection, visitor, "c2")
    assert not opened and agent_id is None
    columns = MESSAGE_COLUMNS
    row = stored(second.id)
    expected = {
        **dict(
            zip(
                columns[:8],
                (first.conversation_id, 2, "c2", "visitor", visitor.id, "Ann", "text", "c2"),
                strict=True,
            )
        ),
        "created_at": row.created_at,
        "private": False,
        "attachment_id": None,
        "notice": None,
    }
    assert set(expected) == set(columns)
    assert {c: getattr(second, c) for c in columns} == expected
    assert {c: getattr(row, c) for c in columns} == expected
    assert db.session.get(Conversation, first.conversation_id).last_seq == 2


def test_the_agent_holding_the_conversation_is_answered(app, make_visitor, make_agent):
    visitor, agent = make_visitor(), make_agent()
    with db.engine.begin() as connection:
        first, _, _ = send(connection, visitor, "c1")
    db.session.execute(
        update(Conversation)
        .where(Conversation.id == first.conversation_id)
        .values(agent_id=agent.id, status="open")
    )
    db.session.commit()
    with db.engine.begin() as connection:
        _, agent_id, _ = send(connection, visitor, "c2")
    assert agent_id == agent.id


def test_an_unknown_visitor_stores_nothing(app):
    job = message_store().job(visitor_message("no-such-visitor", "c1"))
    with pytest.raises(KefuError) as err, db.engine.begin() as connection:
        job(connection)
    assert err.value.code == "visitor_not_found"
    assert db.session.scalar(select(Message.id).limit(1)) is None


def test_a_conversation_closed_while_the_message_waits_opens_the_next(app, make_visitor):
    """The close holds the conversation's row lock when the message's seq bump reaches it;
    once the close commits, the bump finds it closed and the message opens the next one."""
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite runs one write transaction at a time: nothing can wait on a row")
    visitor = make_visitor()
    with db.engine.begin() as connection:
        first, _, _ = send(connection, visitor, "c1")
    closer = db.engine.connect()
    closing = closer.begin()
    closer.execute(
        update(Conversation).where(Conversation.id == first.conversation_id).values(status="closed")
    )
    message = Waiting(app, visitor, "c2")
    assert message.waits()  # for the close's row lock
    closing.commit()
    closer.close()
    second, _, opened = message.answer()
    assert opened and second.seq == 1 and second.conversation_id != first.conversation_id
    db.session.rollback()  # a fresh snapshot
    assert db.session.get(Conversation, first.conversation_id).last_seq == 1


def test_a_resent_client_id_answers_the_stored_message(app, make_visitor, sink):
    principal = Principal("visitor", make_visitor().id)
    visitor_says(principal, "c1", "hi")
    first, created = visitor_says(principal, "c2", "again")
    retry, created_again = visitor_says(principal, "c2", "resent")
    assert created and not created_again
    assert (retry.id, retry.content) == (first.id, "again")
    assert stored(first.id).seq == 2


def test_a_client_id_of_an_earlier_conversation_answers_that_message(app, make_visitor, sink):
    """(sender, client_id) names one message: sent again after its conversation closed, it
    is a retry, answered with the stored message, and nothing is stored in the new one."""
    principal = Principal("visitor", make_visitor().id)
    first, _ = visitor_says(principal, "x", "hi")
    db.session.execute(
        update(Conversation).where(Conversation.id == first.conversation_id).values(status="closed")
    )
    db.session.commit()
    nxt, _ = visitor_says(principal, "y", "the next conversation")
    retry, created = visitor_says(principal, "x", "reused")
    assert not created and (retry.id, retry.content) == (first.id, "hi")
    assert db.session.get(Conversation, nxt.conversation_id).last_seq == 1
