"""DirectStatement: the hot path's statements on the SQLite and psycopg drivers give what
SQLAlchemy gives (rows, ids, stored text of timestamps, errors); MariaDB goes through
SQLAlchemy."""

from datetime import datetime

import pytest
from sqlalchemy import create_engine, insert, select
from sqlalchemy.exc import IntegrityError

from kefu.extensions import Base, db
from kefu.models import Conversation, Message
from kefu.storage.dialects import capabilities
from kefu.storage.driver import DirectStatement
from kefu.storage.messages import MessageStore
from kefu.storage.statements import BUMP, MESSAGE_COLUMNS, VISITOR_AND_ACTIVE

from ..services import create_database

SENT_AT = datetime(2026, 11, 30, 18, 5, 7, 123456)


def row(conversation_id, seq, client_id):
    return {
        "conversation_id": conversation_id,
        "seq": seq,
        "client_id": client_id,
        "sender_type": "visitor",
        "sender_id": "1",
        "sender_name": "Ann",
        "type": "text",
        "content": "hello",
        "created_at": SENT_AT,
        "private": False,
        "attachment_id": None,
        "notice": None,
    }


def open_conversation(connection, visitor_id):
    """Direct too: the columns left out get their constant defaults, as SQLAlchemy gives."""
    opener = DirectStatement(
        insert(Conversation.__table__),
        ("visitor_id", "status", "last_seq", "created_at", "queued_at", "enqueued_at"),
    )
    conversation_id = opener.insert(
        connection,
        {
            "visitor_id": visitor_id,
            "status": "open",
            "last_seq": 0,
            **dict.fromkeys(("created_at", "queued_at", "enqueued_at"), SENT_AT),
        },
    )
    c = Conversation.__table__.c
    defaults = connection.execute(
        select(c.visitor_read_seq, c.agent_read_seq, c.priority).where(c.id == conversation_id)
    ).one()
    assert tuple(defaults) == (0, 0, 0)
    return conversation_id


def test_a_default_that_is_not_a_constant_must_be_given():
    opener = DirectStatement(insert(Conversation.__table__), ("visitor_id", "status"))
    engine = create_engine("sqlite://")
    with pytest.raises(ValueError, match="queued_at"):
        opener._plan(engine.dialect)


BUMPED = (Conversation.__table__.c.last_seq, Conversation.__table__.c.agent_id)


def exercise(connection, visitor_id):
    """The three statements, direct, on one transaction; what they answered."""
    conversation_id = open_conversation(connection, visitor_id)
    found = DirectStatement(VISITOR_AND_ACTIVE).first(connection, {"visitor_id": visitor_id})
    if connection.dialect.update_returning:
        bumped = DirectStatement(BUMP[None].returning(*BUMPED)).first(
            connection, {"conversation_id": conversation_id}
        )
    else:  # MariaDB: the store's two statements
        bumped = MessageStore(capabilities(connection.dialect.name)).bump(
            connection, conversation_id
        )
    inserter = DirectStatement(insert(Message.__table__), MESSAGE_COLUMNS)
    message_id = inserter.insert(connection, row(conversation_id, 1, "c1"))
    stored = connection.execute(select(Message).where(Message.id == message_id)).one()
    with pytest.raises(IntegrityError):  # the client_id is taken: SQLAlchemy's error
        inserter.insert(connection, row(conversation_id, 2, "c1"))
    return conversation_id, found, bumped, stored


def test_sqlite_statements_run_on_the_driver_and_match_sqlalchemy(app, make_visitor):
    visitor = make_visitor(name="Ann")
    with db.engine.begin() as connection:
        direct = DirectStatement(VISITOR_AND_ACTIVE)
        assert direct.cursor(connection, {"visitor_id": visitor.id}) is not None
        conversation_id, found, bumped, stored = exercise(connection, visitor.id)
        assert found == tuple(
            connection.execute(VISITOR_AND_ACTIVE, {"visitor_id": visitor.id}).first()
        )
        assert found == ("Ann", None, 0, conversation_id)
        assert bumped == (1, None)
        assert stored.created_at == SENT_AT and stored.seq == 1 and stored.client_id == "c1"
        # Stored as SQLAlchemy writes SQLite timestamps, so every reader parses it back.
        text = connection.exec_driver_sql(
            "SELECT created_at FROM messages WHERE id = ?", (stored.id,)
        ).scalar()
        assert text == "2026-11-30 18:05:07.123456"
    with db.engine.connect() as connection:  # no such visitor: no row
        assert DirectStatement(VISITOR_AND_ACTIVE).first(connection, {"visitor_id": "x"}) is None


@pytest.mark.parametrize(
    "kind, scheme, direct",
    [("postgresql", "postgresql+psycopg://", True), ("mariadb", "mysql+pymysql://", False)],
)
def test_networked_databases_match_sqlalchemy(kind, scheme, direct):
    url, drop = create_database(kind)
    engine = create_engine(scheme + url.split("://", 1)[1])
    try:
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            visitor_id = "v-direct"
            connection.execute(
                insert(Base.metadata.tables["visitors"]).values(id=visitor_id, name="Bo")
            )
            cursor = DirectStatement(VISITOR_AND_ACTIVE).cursor(connection, {"visitor_id": "x"})
            assert (cursor is not None) == direct
            conversation_id, found, bumped, stored = exercise(connection, visitor_id)
            # PostgreSQL aborted the transaction at the used client_id: nothing else runs.
            assert found == ("Bo", None, 0, conversation_id) and bumped == (1, None)
            assert stored.created_at == SENT_AT and stored.seq == 1 and stored.client_id == "c1"
    finally:
        engine.dispose()
        drop()
