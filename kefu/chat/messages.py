"""The message path: validate, store with the next seq in one transaction, then publish."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict, ConversationClosed, EmptyMessage, MessageTooLong, NotFound
from ..extensions import db, release_session
from ..metrics import MESSAGES
from ..models import STATUS_CLOSED, Conversation, Message
from ..ratelimit import enforce
from ..timeutil import utcnow
from .direct import DirectStatement
from .events import current_sink
from .principals import require_can_act, require_can_read
from .serializers import message_dict


def check_content(content):
    """Refuse empty or over-long text (KEFU_MAX_MESSAGE_CHARS)."""
    if not content or not content.strip():
        raise EmptyMessage()
    limit = current_app.config["MAX_MESSAGE_CHARS"]
    if len(content) > limit:
        raise MessageTooLong(f"A message may hold at most {limit} characters.")


def find_by_client_id(principal, client_id):
    return db.session.scalar(
        select(Message).where(
            Message.sender_type == principal.sender_type,
            Message.sender_id == principal.sender_id,
            Message.client_id == client_id,
        )
    )


def _same_message(existing, conversation_id):
    if conversation_id is not None and existing.conversation_id != conversation_id:
        raise Conflict(
            "That client_id was already used for a message in another conversation.",
            code="duplicate_client_id",
        )
    return existing


# The hot path's statements, built once: constructing SQLAlchemy expressions per message
# cost more CPU than running them (docs/performance.md).
_CONVERSATIONS = Conversation.__table__
_MESSAGES = Message.__table__
_BUMP = (
    update(_CONVERSATIONS)
    .where(
        _CONVERSATIONS.c.id == bindparam("conversation_id"),
        _CONVERSATIONS.c.status != STATUS_CLOSED,
    )
    .values(last_seq=_CONVERSATIONS.c.last_seq + 1)
)
_BUMP_RETURNING = _BUMP.returning(_CONVERSATIONS.c.last_seq, _CONVERSATIONS.c.agent_id)
_SEQ_AND_AGENT = select(_CONVERSATIONS.c.last_seq, _CONVERSATIONS.c.agent_id).where(
    _CONVERSATIONS.c.id == bindparam("conversation_id")
)
_INSERT = insert(_MESSAGES)
_BUMP_RETURNING_DIRECT = DirectStatement(_BUMP_RETURNING)


def bump_seq(conversation_id, connection=None):
    """Bump the conversation's seq; return (seq, agent_id) as of this transaction (the
    session's, unless a Core connection is given).

    The UPDATE's row lock orders concurrent writers, and the agent read under it is the one
    that holds the conversation when this message commits (a transfer waits for the lock)."""
    connection = connection or db.session.connection()
    params = {"conversation_id": conversation_id}
    if connection.dialect.update_returning:  # PostgreSQL, SQLite: one round trip
        row = _BUMP_RETURNING_DIRECT.first(connection, params)
    else:  # MariaDB/MySQL have no UPDATE … RETURNING
        bumped = connection.execute(_BUMP, params)
        row = connection.execute(_SEQ_AND_AGENT, params).first() if bumped.rowcount else None
    if row is None:
        raise ConversationClosed()
    seq, agent_id = row
    return seq, agent_id


def next_seq(conversation_id):
    """Bump and return the conversation's seq."""
    return bump_seq(conversation_id)[0]


@dataclass(slots=True)
class MessageRow:
    """A message written with Core statements: the columns of Message without the ORM's
    instrumentation, which cost the hot path ~30 µs per message to build and read."""

    conversation_id: int
    client_id: str | None
    sender_type: str
    sender_id: str
    sender_name: str | None
    type: str
    content: str
    created_at: datetime
    seq: int | None = None
    id: int | None = None


def new_message(principal, conversation_id, client_id, content, msg_type, kind=Message, **fields):
    """A message from this sender, not yet stored: a Message for the session, or (`kind`
    MessageRow) a plain row for a Core insert."""
    return kind(
        conversation_id=conversation_id,
        client_id=client_id,
        sender_type=principal.sender_type,
        sender_id=principal.sender_id,
        sender_name=principal.name,
        type=msg_type,
        content=content,
        **fields,
    )


def store_message(principal, conversation_id, client_id, content, msg_type="text"):
    """Add the message to the open transaction (the caller commits)."""
    message = new_message(
        principal, conversation_id, client_id, content, msg_type, seq=next_seq(conversation_id)
    )
    db.session.add(message)
    db.session.flush()
    return message


def store_system_message(conversation_id, content):
    """Add a system notice (assignment, transfer, close) to the open transaction."""
    message = Message(
        conversation_id=conversation_id,
        seq=next_seq(conversation_id),
        sender_type="system",
        sender_id="system",
        sender_name="Kefu",
        type="text",
        content=content,
    )
    db.session.add(message)
    db.session.flush()
    return message


def insert_message(connection, principal, conversation_id, client_id, content, msg_type):
    """Bump the seq and insert the message in the transaction of a Core connection; return
    (message, agent_id). Raises ConversationClosed, or IntegrityError for a used client_id."""
    message = new_message(
        principal, conversation_id, client_id, content, msg_type, MessageRow, created_at=utcnow()
    )
    message.seq, agent_id = bump_seq(conversation_id, connection)
    return insert_row(connection, message), agent_id


def insert_row(connection, message):
    """Insert a built MessageRow with a Core statement; set its id, return it."""
    row = {column: getattr(message, column) for column in _INSERTED_COLUMNS}
    message.id = _INSERT_DIRECT.insert(connection, row)
    return message


def stored_retry(principal, client_id, conversation_id):
    """After a unique-constraint failure: the message this client_id already stored."""
    existing = find_by_client_id(principal, client_id)
    if existing is None:
        raise Conflict("The message could not be stored; send it again.", code="conflict")
    return _same_message(existing, conversation_id)


def published(message, visitor_id, agent_id, origin=None):
    """Count and publish a just-committed message; return it."""
    MESSAGES.labels(message.sender_type).inc()
    current_sink().message_posted(
        message_dict(message), visitor_id=visitor_id, agent_id=agent_id, origin=origin
    )
    return message


def append_message(principal, conversation_id, client_id, content, msg_type="text", origin=None):
    """Store a message in an active conversation and publish it: (message, created).

    Core statements on a pooled connection, no ORM session. A client_id already used by
    this sender is answered with the stored message (the unique constraint decides, so a
    retry costs nothing until it happens)."""
    release_session()  # the hot path runs on its own Core transaction
    try:
        with db.engine.begin() as connection:
            message, agent_id = insert_message(
                connection, principal, conversation_id, client_id, content, msg_type
            )
            visitor_id = principal.id if principal.is_visitor else None
            if visitor_id is None:
                visitor_id = connection.execute(
                    select(Conversation.visitor_id).where(Conversation.id == conversation_id)
                ).scalar()
    except IntegrityError:
        return stored_retry(principal, client_id, conversation_id), False
    return published(message, visitor_id, agent_id, origin), True


_INSERTED_COLUMNS = (
    "conversation_id",
    "seq",
    "client_id",
    "sender_type",
    "sender_id",
    "sender_name",
    "type",
    "content",
    "created_at",
)
_INSERT_DIRECT = DirectStatement(_INSERT, _INSERTED_COLUMNS)


def commit_or_find(principal, client_id, conversation_id):
    """Commit; when a concurrent retry stored the same client_id first, return that one."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = find_by_client_id(principal, client_id)
        if existing is None:
            raise
        return _same_message(existing, conversation_id)
    return None


def publish_message(message, conversation, origin=None):
    current_sink().message_posted(
        message_dict(message),
        visitor_id=conversation.visitor_id,
        agent_id=conversation.agent_id,
        origin=origin,
    )


def post_message(principal, conversation_id, client_id, content, msg_type="text", origin=None):
    """Store a staff or visitor message in an existing conversation.

    Returns (message, created); a repeated client_id returns the stored message.
    """
    check_content(content)
    existing = find_by_client_id(principal, client_id)
    if existing is not None:
        return _same_message(existing, conversation_id), False
    enforce("RATE_LIMIT_MESSAGES", principal.sender_type, principal.sender_id)
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound("No such conversation.", code="conversation_not_found")
    require_can_act(principal, conversation)
    if conversation.status == STATUS_CLOSED:
        raise ConversationClosed()
    message = store_message(principal, conversation_id, client_id, content, msg_type)
    raced = commit_or_find(principal, client_id, conversation_id)
    if raced is not None:
        return raced, False
    MESSAGES.labels(principal.sender_type).inc()
    conversation = db.session.get(Conversation, conversation_id)
    publish_message(message, conversation, origin)
    return message, True


def messages_after(principal, conversation, after_seq, limit=None):
    """Messages of a conversation with seq > after_seq, ascending."""
    require_can_read(principal, conversation)
    query = (
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.seq > after_seq)
        .order_by(Message.seq)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def visitor_history(visitor_id, page, per_page):
    """All messages of a visitor, newest page first, each page oldest first."""
    of_visitor = (
        select(Message.id)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Conversation.visitor_id == visitor_id)
    )
    total = db.session.scalar(select(func.count()).select_from(of_visitor.subquery()))
    newest_first = db.session.scalars(
        select(Message)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Conversation.visitor_id == visitor_id)
        .order_by(Message.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list(reversed(list(newest_first))), total
