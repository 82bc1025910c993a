"""The message store: how a message is written, chosen once per dialect.

The domain (chat/messages.py) says what to store, a NewMessage; `store.job(new)` is the write
job the writer (writer.py) runs in a transaction, answering a Stored. Every store writes the
same columns with the same seq rule (statements.py). Idempotency is the unique index on
(sender_type, sender_id, client_id): a used client_id fails the insert with IntegrityError,
which the writer gives back to that job alone, and chat/messages.py answers the retry.

- MessageStore: the portable store (SQLite, MariaDB/MySQL, and PostgreSQL's other paths).
- OneStatementStore: PostgreSQL; a visitor's message in an active conversation is one
  statement (postgres_message.py). Everything else is inherited.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from ..errors import Conflict, ConversationClosed, NotFound
from ..models import STATUS_CLOSED, STATUS_QUEUED
from ..timeutil import utcnow
from . import statements as sql
from .dialects import capabilities_of_url
from .postgres_message import APPEND_OR_FIND

# A conversation opened by another tab can be closed before this one looks it up: try again.
OPEN_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class NewMessage:
    """What to store. `conversation_id` None: the visitor's active conversation (one is
    opened when there is none); `visitor_id` is then the sending visitor."""

    sender_type: str  # "visitor" | "agent" | "system"
    sender_id: str
    sender_name: str | None
    content: str
    type: str = "text"
    client_id: str | None = None
    conversation_id: int | None = None
    visitor_id: str | None = None
    private: bool = False
    attachment_id: int | None = None
    notice: dict | None = None
    # The status of the conversation this message opens, if it opens one.
    opens_as: str = STATUS_QUEUED

    def row(self, conversation_id, created_at, seq=None):
        return MessageRow(
            conversation_id=conversation_id,
            client_id=self.client_id,
            sender_type=self.sender_type,
            sender_id=self.sender_id,
            sender_name=self.sender_name,
            type=self.type,
            content=self.content,
            created_at=created_at,
            private=self.private,
            attachment_id=self.attachment_id,
            notice=self.notice,
            seq=seq,
        )


@dataclass(slots=True)
class MessageRow:
    """A stored message: the columns of models.Message without the ORM's instrumentation,
    which cost the message path more than its statements (docs/performance.md)."""

    conversation_id: int
    client_id: str | None
    sender_type: str
    sender_id: str
    sender_name: str | None
    type: str
    content: str
    created_at: datetime
    private: bool = False
    attachment_id: int | None = None
    notice: dict | None = None
    seq: int | None = None
    id: int | None = None
    # The models.Attachment it carries, for the message's public dict (not a column).
    attachment: object = None
    # A note's mentioned agent ids (chat/mentions.py; their rows are note_mentions).
    mentions: object = None

    def columns(self):
        return {name: getattr(self, name) for name in sql.MESSAGE_COLUMNS}


@dataclass(slots=True)
class Stored:
    """What a write job answers: the message, who it concerns, whether it opened (a new,
    not yet routed) conversation."""

    message: MessageRow
    visitor_id: str
    agent_id: int | None
    opened: bool = False


@dataclass(frozen=True, slots=True)
class ConversationFacts:
    """A conversation as a message's permission check sees it."""

    visitor_id: str
    agent_id: int | None
    status: str


class MessageStore:
    """The portable store."""

    def __init__(self, capabilities):
        self.capabilities = capabilities
        opener = capabilities.insert_on_conflict
        self._open_unless_active = None if opener is None else sql.open_unless_active(opener)

    def job(self, new, may_post=None):
        """The write job of `new`: job(connection) -> Stored. `may_post(ConversationFacts)`
        raises when the sender may not write to the named conversation."""
        if new.conversation_id is None:
            return lambda connection: self.visitor_message(connection, new)
        return lambda connection: self.into_conversation(connection, new, may_post)

    # --- a message into a named conversation (staff, system) ------------------------------

    def into_conversation(self, connection, new, may_post=None):
        found = sql.CONVERSATION_FACTS.first(connection, {"conversation_id": new.conversation_id})
        if found is None:
            raise NotFound("No such conversation.", code="conversation_not_found")
        conversation = ConversationFacts(*found)
        if may_post is not None:
            may_post(conversation)
        if conversation.status == STATUS_CLOSED:
            raise ConversationClosed()
        message, agent_id = self.append(connection, new, new.conversation_id)
        return Stored(message, conversation.visitor_id, agent_id)

    def append(self, connection, new, conversation_id):
        """Bump the seq and insert the message: (MessageRow, agent_id). Raises
        ConversationClosed when the conversation is no longer active."""
        message = new.row(conversation_id, created_at=utcnow())
        stamp = sql.stamp_of(message.sender_type, message.private)
        message.seq, agent_id = self.bump(connection, conversation_id, stamp, message.created_at)
        message.id = sql.INSERT_MESSAGE.insert(connection, message.columns())
        return message, agent_id

    def bump(self, connection, conversation_id, stamp=None, created_at=None):
        """The seq rule (statements.seq_bump, stamping the conversation's first visitor
        message or agent reply): (new seq, agent_id) as of this transaction."""
        params = {"conversation_id": conversation_id}
        if stamp is not None:
            params["stamped_at"] = created_at
        if self.capabilities.update_returning:
            row = sql.BUMP_RETURNING[stamp].first(connection, params)
        else:
            bumped = connection.execute(sql.BUMP[stamp], params)
            row = connection.execute(sql.SEQ_AND_AGENT, params).first() if bumped.rowcount else None
        if row is None:
            raise ConversationClosed()
        return row[0], row[1]

    # --- a visitor's message: the active conversation, or a new one ----------------------

    def visitor_message(self, connection, new):
        found = sql.VISITOR_AND_ACTIVE_DIRECT.first(connection, {"visitor_id": new.visitor_id})
        if found is None:
            raise NotFound("No such visitor.", code="visitor_not_found")
        name, skill_group, priority, active_id = found
        new = replace(new, sender_name=name)  # the visitor's name as stored now
        if active_id is not None:
            try:
                message, agent_id = self.append(connection, new, active_id)
                return Stored(message, new.visitor_id, agent_id)
            except ConversationClosed:
                pass  # closed meanwhile: this message opens the next one
        return self.open_with(connection, new, skill_group, priority)

    def open_with(self, connection, new, skill_group, priority):
        """Open the visitor's conversation with this message as seq 1, or join the one
        another tab's message opened meanwhile. Two tabs sending at once open one
        conversation: where the partial unique index exists the INSERT does nothing when
        another tab's conversation is there; elsewhere the visitor row is locked."""
        if self._open_unless_active is None:
            return self._open_locked(connection, new, skill_group, priority)
        for _ in range(OPEN_ATTEMPTS):
            now = utcnow()
            row = sql.opened_conversation(new.visitor_id, skill_group, priority, now, new.opens_as)
            inserted = self._open_unless_active.first(connection, row)
            if inserted is not None:
                return self._first_message(connection, new, inserted[0], now)
            # Another tab's message opened one first (the INSERT waited for its commit).
            active = sql.ACTIVE_ID_DIRECT.first(connection, {"visitor_id": new.visitor_id})
            if active is not None:
                return self._join(connection, new, active[0])
        raise Conflict("The conversation changed meanwhile; send again.", code="conflict")

    def _open_locked(self, connection, new, skill_group, priority):
        """MariaDB/MySQL: lock the visitor row, then look again with a locking read, which
        sees the commit of another tab's message that got the lock first (a plain read
        would see the REPEATABLE READ snapshot taken before it)."""
        params = {"visitor_id": new.visitor_id}
        if connection.execute(sql.LOCK_VISITOR, params).first() is None:
            raise NotFound("No such visitor.", code="visitor_not_found")
        active = connection.execute(sql.ACTIVE_ID_LOCKED, params).first()
        if active is not None:
            return self._join(connection, new, active[0])
        now = utcnow()
        row = sql.opened_conversation(new.visitor_id, skill_group, priority, now, new.opens_as)
        inserted = connection.execute(sql.CONVERSATIONS.insert(), row)
        return self._first_message(connection, new, inserted.inserted_primary_key[0], now)

    def _join(self, connection, new, conversation_id):
        message, agent_id = self.append(connection, new, conversation_id)
        return Stored(message, new.visitor_id, agent_id)

    def _first_message(self, connection, new, conversation_id, now):
        message = new.row(conversation_id, created_at=now, seq=1)
        message.id = sql.INSERT_MESSAGE.insert(connection, message.columns())
        return Stored(message, new.visitor_id, None, opened=True)


class OneStatementStore(MessageStore):
    """PostgreSQL: a visitor's message in an active conversation is one statement."""

    def visitor_message(self, connection, new):
        now = utcnow()
        found = APPEND_OR_FIND.first(
            connection,
            {
                "visitor_id": new.visitor_id,
                "sender_id": new.sender_id,
                "client_id": new.client_id,
                "type": new.type,
                "content": new.content,
                "created_at": now,
                "stamped_at": now,
                "attachment_id": new.attachment_id,
            },
        )
        if found is None:
            raise NotFound("No such visitor.", code="visitor_not_found")
        name, skill_group, priority, active_id, seq, agent_id, message_id = found
        new = replace(new, sender_name=name)
        if message_id is None:  # no active conversation, or it closed meanwhile
            return self.open_with(connection, new, skill_group, priority)
        message = new.row(active_id, created_at=now, seq=seq)
        message.id = message_id
        return Stored(message, new.visitor_id, agent_id)


def store_for(database_url):
    """The message store of a database, chosen once at start-up."""
    capabilities = capabilities_of_url(database_url)
    kind = OneStatementStore if capabilities.message_in_one_statement else MessageStore
    return kind(capabilities)
