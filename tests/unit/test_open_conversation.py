"""A visitor's first message opens one conversation, however many tabs send at once: the
partial unique index (PostgreSQL, SQLite) or the visitor row lock (MariaDB) decides, and
the message that loses joins the winner's conversation."""

import threading

import pytest
from sqlalchemy import func, select

from kefu.extensions import db
from kefu.models import Conversation, SkillGroup
from kefu.storage import message_store
from kefu.storage.messages import NewMessage

from .engines import app_on_every_engine, empty_database  # noqa: F401  (`app` on each engine)


def visitor_message(visitor_id, client_id):
    """A visitor's message (its content is its client_id) as the domain hands it over."""
    return NewMessage(
        "visitor", visitor_id, None, client_id, client_id=client_id, visitor_id=visitor_id
    )


def send(connection, visitor, client_id):
    """The store's write job of a visitor message on this connection, as the writer runs
    it: (message, agent id, opened)."""
    stored = message_store().job(visitor_message(visitor.id, client_id))(connection)
    return stored.message, stored.agent_id, stored.opened


class Waiting:
    """The visitor message job in a thread of its own, which must wait for a lock another
    transaction holds: `waits()` checks it does, `answer()` is its result once freed."""

    def __init__(self, app, visitor, client_id):
        self.answered = {}

        def run():
            with app.app_context(), db.engine.begin() as connection:
                self.answered["value"] = send(connection, visitor, client_id)

        self.thread = threading.Thread(target=run)
        self.thread.start()
        self.thread.join(1.0)

    def waits(self):
        return self.thread.is_alive() and not self.answered

    def answer(self):
        self.thread.join(10)
        return self.answered["value"]


def conversations_of(visitor):
    db.session.rollback()  # a fresh snapshot (MariaDB reads repeatably within one)
    return db.session.scalar(select(func.count()).where(Conversation.visitor_id == visitor.id))


def test_the_first_message_opens_and_the_next_joins(app, make_visitor):
    db.session.add(SkillGroup(name="billing"))
    db.session.commit()
    visitor = make_visitor(skill_group="billing")
    visitor.priority = 3  # set by the business, never by the visitor
    db.session.commit()
    with db.engine.begin() as connection:
        first, _, opened = send(connection, visitor, "c1")
    assert opened and first.seq == 1
    with db.engine.begin() as connection:
        second, _, opened = send(connection, visitor, "c2")
    assert not opened and (second.conversation_id, second.seq) == (first.conversation_id, 2)
    assert conversations_of(visitor) == 1
    conversation = db.session.get(Conversation, first.conversation_id)
    assert (conversation.status, conversation.skill_group, conversation.priority) == (
        "queued",
        "billing",
        3,
    )


def test_a_message_after_the_close_opens_the_next_conversation(app, make_visitor):
    visitor = make_visitor()
    with db.engine.begin() as connection:
        first, _, _ = send(connection, visitor, "c1")
    db.session.rollback()
    closed = db.session.get(Conversation, first.conversation_id)
    closed.status = "closed"
    db.session.commit()
    with db.engine.begin() as connection:
        second, _, opened = send(connection, visitor, "c2")
    assert opened and second.seq == 1 and second.conversation_id != first.conversation_id
    assert conversations_of(visitor) == 2


def test_two_tabs_opening_at_once_share_one_conversation(app, make_visitor):
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite runs one write transaction at a time: tabs cannot overlap")
    visitor = make_visitor()
    tab1 = db.engine.connect()
    transaction = tab1.begin()
    first, _, opened = send(tab1, visitor, "tab1")
    assert opened
    second_tab = Waiting(app, visitor, "tab2")
    # The second tab waits for the first tab's transaction (index entry or row lock) …
    assert second_tab.waits()
    transaction.commit()
    tab1.close()
    # … then joins its conversation instead of opening a second one.
    second, _, opened = second_tab.answer()
    assert not opened
    assert (second.conversation_id, second.seq) == (first.conversation_id, 2)
    assert conversations_of(visitor) == 1
