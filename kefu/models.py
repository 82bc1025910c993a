"""The database schema. Live state (presence, sockets) lives in kefu.state, not here.

One module on purpose: it is the one metadata the migrations are compared against
(tests/unit/test_migrations.py) and every table is a short declaration; split by table it
would only scatter the foreign keys between files."""

import hashlib
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .extensions import db
from .timeutil import utcnow

# MySQL's DATETIME drops fractions of a second unless asked for them.
Timestamp = DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")

STATUS_QUEUED = "queued"
STATUS_OPEN = "open"
STATUS_CLOSED = "closed"
# Left while nobody could answer (the offline form); picked by an agent like a queued one.
STATUS_PENDING = "pending"


def is_active(status):
    """The one SQL test of an active (queued or open) conversation, on a status column.

    `<> 'closed'` rather than `IN ('queued', 'open')`: an expanding IN parameter is
    re-rendered on every execution, and the partial unique index below has this predicate."""
    return status != STATUS_CLOSED


agent_skills = Table(
    "agent_skills",
    db.metadata,
    Column("agent_id", ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_group_id", ForeignKey("skill_groups.id", ondelete="CASCADE"), primary_key=True),
)


class SkillGroup(db.Model):
    __tablename__ = "skill_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class Agent(db.Model):
    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="agent")
    max_concurrent: Mapped[int] = mapped_column(Integer, default=5)
    # Open conversations held; only changed by atomic UPDATEs in kefu.dispatch.claims.
    load: Mapped[int] = mapped_column(Integer, default=0)
    last_assigned_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # Carried by every token issued to the agent (claim "ver"); raised to revoke them all.
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The agent's own choices (alerts, send key, locale): a JSON object the dashboard owns.
    preferences: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # Deactivated agents keep their history but cannot sign in or be routed to.
    deactivated_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)

    skills: Mapped[list[SkillGroup]] = relationship(
        secondary=agent_skills, order_by=SkillGroup.name, lazy="selectin"
    )

    @property
    def is_admin(self):
        return self.role == "admin"

    @property
    def active(self):
        return self.deactivated_at is None


class Visitor(db.Model):
    __tablename__ = "visitors"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # Anonymous visitors resume with a secret; only its hash is kept.
    secret_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Identified users of the customer's site (verified by user_hash).
    user_id: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)
    name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    email: Mapped[str | None] = mapped_column(String(255), nullable=True)
    page_url: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    referrer: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(512), nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    locale: Mapped[str | None] = mapped_column(String(32), nullable=True)
    skill_group: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Set only by trusted sources (admin or API), never by the visitor.
    priority: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # setAttributes from the page: shown to agents as visitor-supplied, never trusted.
    attributes: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # Written by agents in the visitor panel; never shown to the visitor.
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)


# The databases that hold partial indexes (the others skip them: Index.ddl_if).
PARTIAL_INDEX_DIALECTS = ("postgresql", "sqlite")
PARTIAL_INDEXES = {"uq_conversations_visitor_active"}
NOT_CLOSED = text(f"status <> '{STATUS_CLOSED}'")


def in_schema_of(dialect_name):
    """Alembic's include_object for a database: the partial indexes only where they exist,
    so comparing a MariaDB schema with the models does not ask for them."""

    def include(obj, name, type_, reflected, compare_to):
        return (
            type_ != "index"
            or name not in PARTIAL_INDEXES
            or dialect_name in PARTIAL_INDEX_DIALECTS
        )

    return include


class Conversation(db.Model):
    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_status_queue", "status", "priority", "queued_at"),
        Index("ix_conversations_visitor_status", "visitor_id", "status"),
        Index("ix_conversations_agent_status", "agent_id", "status"),
        Index("ix_conversations_created_at", "created_at"),
        # One conversation at a time per visitor, held by the database where it can (a
        # partial index): a first message opens its conversation with an INSERT that does
        # nothing when another tab's got there first, instead of locking the visitor row.
        # MariaDB/MySQL have no partial index and keep the lock (chat/conversations.py).
        Index(
            "uq_conversations_visitor_active",
            "visitor_id",
            unique=True,
            postgresql_where=NOT_CLOSED,
            sqlite_where=NOT_CLOSED,
        ).ddl_if(dialect=PARTIAL_INDEX_DIALECTS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id"))
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"), nullable=True
    )
    skill_group: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=STATUS_QUEUED)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    # Queue order within a priority; a redispatched conversation gets an early stamp.
    queued_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # When it last entered the queue (real time): skill-group fallback counts from here.
    enqueued_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True, default=utcnow)
    # Why the router did what it did last (assigned to whom and why, or why it waits).
    route_reason: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # The agent who handed it to a group: routing skips them while it waits.
    excluded_agent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Bumped by an atomic UPDATE for every message: the per-conversation seq.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    visitor_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    agent_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    assigned_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    # Set by the message path when they happen, so reports never read messages: the first
    # visitor message and the first agent reply (a private note is not one).
    first_visitor_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    first_response_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rating_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The newest agent reply already emailed to a visitor who had not read it (kefu.mail).
    visitor_emailed_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When the team was emailed about a message left while nobody was available.
    team_notified_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)

    visitor: Mapped[Visitor] = relationship(lazy="joined")
    agent: Mapped[Agent | None] = relationship(lazy="joined")


class Message(db.Model):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq", name="uq_messages_conversation_seq"),
        # A retried client_id finds the stored message instead of storing a second one.
        UniqueConstraint("sender_type", "sender_id", "client_id", name="uq_messages_client_id"),
        # An upload is attached once: the database refuses a second use.
        UniqueConstraint("attachment_id", name="uq_messages_attachment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    seq: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sender_type: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(64))
    sender_name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    type: Mapped[str] = mapped_column(String(16), default="text")
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # A staff-only note: takes a seq like any message, never reaches the visitor.
    private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id", name="fk_messages_attachment_id"), nullable=True
    )
    # A system notice's code and parameters (chat/notices.py), rendered by each client.
    notice: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)

    attachment: Mapped["Attachment | None"] = relationship(lazy="selectin")


class ApiKey(db.Model):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    # sha256 of the key: keys are long random strings, so a fast hash is enough.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)


class Attachment(db.Model):
    """An uploaded file: its bytes live in the attachment store (kefu.attachments) under
    `key`; the row says who uploaded it and what the bytes were found to be."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    uploader_type: Mapped[str] = mapped_column(String(16))
    uploader_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class Setting(db.Model):
    """One section of the team's settings (widget, business_hours, …) as JSON. Every
    worker reads them through a short cache (kefu.settings), so a change needs no restart."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


# A team response's scope_key: agent ids start at 1.
TEAM_SCOPE_KEY = 0


def shortcut_key(shortcut):
    """The form in which a shortcut is unique: case-folded, then hashed, so that every
    database compares it byte for byte (MariaDB's default collation would also merge
    accents and trailing spaces)."""
    return hashlib.sha256(shortcut.casefold().encode()).hexdigest()


class CannedResponse(db.Model):
    __tablename__ = "canned_responses"
    __table_args__ = (
        Index("ix_canned_responses_agent", "agent_id"),
        # One shortcut per agent and one for the team, whatever its case: two creates at
        # the same moment cannot both pass the application's check (chat/canned.py).
        UniqueConstraint("scope_key", "shortcut_key", name="uq_canned_responses_shortcut"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shortcut: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    # "personal" (agent_id is the owner) or "team" (agent_id is null).
    scope: Mapped[str] = mapped_column(String(16))
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # Kept by the validators below. The owner's id, or TEAM_SCOPE_KEY: not agent_id itself,
    # as NULLs never collide in a unique constraint.
    scope_key: Mapped[int] = mapped_column(Integer, default=TEAM_SCOPE_KEY)
    shortcut_key: Mapped[str] = mapped_column(String(64))

    @validates("shortcut")
    def _keep_shortcut_key(self, _name, shortcut):
        self.shortcut_key = shortcut_key(shortcut)
        return shortcut

    @validates("agent_id")
    def _keep_scope_key(self, _name, agent_id):
        self.scope_key = agent_id if agent_id is not None else TEAM_SCOPE_KEY
        return agent_id


class AuditEntry(db.Model):
    """Who changed what: settings, agents, roles, API keys, webhooks, canned responses."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    actor_name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(128), nullable=True)
    details: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class Webhook(db.Model):
    """An endpoint that receives the events it subscribes to (PROTOCOL.md section 9)."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    events: Mapped[list] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    secret: Mapped[str] = mapped_column(String(128))
    # After a rotation the old secret signs too until previous_secret_until (an overlap).
    previous_secret: Mapped[str | None] = mapped_column(String(128), nullable=True)
    previous_secret_until: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    # Events relayed before this (its creation, or its last reactivation) are not its own.
    active_since: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # Without Redis: the position of the last event this webhook is done with.
    cursor: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class OutboxEvent(db.Model):
    """An event, written in the transaction of the change it describes (events/outbox.py).
    `body` is the exact JSON a receiver gets and the signature covers."""

    __tablename__ = "outbox_events"
    __table_args__ = (
        # The relay's query (relayed_at IS NULL ORDER BY id) reads only what is pending.
        Index("ix_outbox_events_unrelayed", "relayed_at", "id"),
        Index("ix_outbox_events_position", "position"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    uid: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    body: Mapped[str] = mapped_column(Text)
    # Set for a redelivery or a test event: only this webhook gets it.
    webhook_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    relayed_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    # Without Redis the relay numbers events in the order it saw them commit: the stream.
    position: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class WebhookDelivery(db.Model):
    """One event's delivery to one webhook: the delivery log."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_webhook", "webhook_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    outbox_id: Mapped[int] = mapped_column(BigInteger)
    event_id: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[str] = mapped_column(String(40))
    # "pending" (retrying), "delivered" or "failed" (gave up)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    first_attempt_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(255), nullable=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)


class NoteMention(db.Model):
    """A colleague a private note @mentions (chat/mentions.py); written with the note."""

    __tablename__ = "note_mentions"
    __table_args__ = (
        UniqueConstraint("message_id", "agent_id", name="uq_note_mentions_message_agent"),
        # "Is this agent mentioned in this conversation" (read access) and "my mentions".
        Index("ix_note_mentions_agent", "agent_id", "conversation_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", name="fk_note_mentions_conversation_id")
    )
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", name="fk_note_mentions_message_id")
    )
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", name="fk_note_mentions_agent_id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
