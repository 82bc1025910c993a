"""The message path's SQL, one list per table, shared by every message store.

Built once at import: constructing SQLAlchemy expressions per message cost more CPU than
running them (docs/performance.md). Each statement here is the single definition of its
rule; the one-statement form on PostgreSQL (postgres_message.py) is assembled from the same
pieces, not written again.
"""

from sqlalchemy import bindparam, func, insert, select, update

from ..models import STATUS_QUEUED, Conversation, Message, Visitor, is_active
from .driver import DirectStatement

CONVERSATIONS, MESSAGES, VISITORS = (
    Conversation.__table__,
    Message.__table__,
    Visitor.__table__,
)

# Every column a message is stored with, in this order, by every store.
MESSAGE_COLUMNS = (
    "conversation_id",
    "seq",
    "client_id",
    "sender_type",
    "sender_id",
    "sender_name",
    "type",
    "content",
    "created_at",
    "private",
    "attachment_id",
    "notice",
)


# What a message stamps on its conversation the first time (reports read these, never
# messages): a visitor's message, an agent's reply (not a private note), or nothing.
FIRST_VISITOR, FIRST_RESPONSE = "first_visitor_at", "first_response_at"
STAMPS = (None, FIRST_VISITOR, FIRST_RESPONSE)


def stamp_of(sender_type, private):
    if sender_type == "visitor":
        return FIRST_VISITOR
    if sender_type == "agent" and not private:
        return FIRST_RESPONSE
    return None


def seq_bump(conversation_id, stamp=None):
    """The seq rule: the conversation's last_seq + 1, only while it is active; with `stamp`,
    that column also takes `stamped_at` (the message's time) unless it has one already.

    The UPDATE's row lock orders concurrent writers of one conversation, so seqs follow
    commit order without gaps, and the agent read under it is the one holding the
    conversation when the message commits (a transfer waits for the lock). A closed
    conversation matches no row: the message is refused (or, a visitor's, opens the next)."""
    values = {"last_seq": CONVERSATIONS.c.last_seq + 1}
    if stamp is not None:
        column = CONVERSATIONS.c[stamp]
        values[stamp] = func.coalesce(column, bindparam("stamped_at", type_=column.type))
    return (
        update(CONVERSATIONS)
        .where(CONVERSATIONS.c.id == conversation_id, is_active(CONVERSATIONS.c.status))
        .values(values)
    )


BUMP = {stamp: seq_bump(bindparam("conversation_id"), stamp) for stamp in STAMPS}
BUMP_RETURNING = {
    stamp: DirectStatement(bump.returning(CONVERSATIONS.c.last_seq, CONVERSATIONS.c.agent_id))
    for stamp, bump in BUMP.items()
}
# Without UPDATE … RETURNING (MariaDB/MySQL): read the bumped row in the same transaction.
SEQ_AND_AGENT = select(CONVERSATIONS.c.last_seq, CONVERSATIONS.c.agent_id).where(
    CONVERSATIONS.c.id == bindparam("conversation_id")
)
INSERT_MESSAGE = DirectStatement(insert(MESSAGES), MESSAGE_COLUMNS)

# A staff or system message names its conversation: who holds it, and whether it is active.
CONVERSATION_FACTS = DirectStatement(
    select(CONVERSATIONS.c.visitor_id, CONVERSATIONS.c.agent_id, CONVERSATIONS.c.status).where(
        CONVERSATIONS.c.id == bindparam("conversation_id")
    )
)

# A visitor's message finds its conversation: the visitor's name, routing fields and active
# conversation in one query.
VISITOR_AND_ACTIVE = (
    select(VISITORS.c.name, VISITORS.c.skill_group, VISITORS.c.priority, CONVERSATIONS.c.id)
    .outerjoin(
        CONVERSATIONS,
        (CONVERSATIONS.c.visitor_id == VISITORS.c.id) & is_active(CONVERSATIONS.c.status),
    )
    .where(VISITORS.c.id == bindparam("visitor_id"))
    .order_by(CONVERSATIONS.c.id.desc())
    .limit(1)
)
VISITOR_AND_ACTIVE_DIRECT = DirectStatement(VISITOR_AND_ACTIVE)

# Opening a visitor's conversation with its first message, which takes seq 1 with it.
ACTIVE_ID = (
    select(CONVERSATIONS.c.id)
    .where(CONVERSATIONS.c.visitor_id == bindparam("visitor_id"), is_active(CONVERSATIONS.c.status))
    .order_by(CONVERSATIONS.c.id.desc())
    .limit(1)
)
ACTIVE_ID_DIRECT = DirectStatement(ACTIVE_ID)
ACTIVE_ID_LOCKED = ACTIVE_ID.with_for_update()
LOCK_VISITOR = (
    select(VISITORS.c.id).where(VISITORS.c.id == bindparam("visitor_id")).with_for_update()
)
OPENED_COLUMNS = (
    "visitor_id",
    "skill_group",
    "priority",
    "status",
    "last_seq",
    "created_at",
    "queued_at",
    "enqueued_at",
    "first_visitor_at",
)


def opened_conversation(visitor_id, skill_group, priority, now, status=STATUS_QUEUED):
    """The row of a conversation opened by its first message (seq 1 already taken):
    queued for routing, or pending (left while nobody was available)."""
    return {
        "visitor_id": visitor_id,
        "skill_group": skill_group,
        "priority": priority,
        "status": status,
        "last_seq": 1,
        "created_at": now,
        "queued_at": now,
        "enqueued_at": now,
        "first_visitor_at": now,  # its first message is the visitor's
    }


def open_unless_active(dialect_insert):
    """INSERT the conversation unless the visitor has an active one (the partial unique
    index of models.py decides): RETURNING its id, or no row."""
    return DirectStatement(
        dialect_insert(CONVERSATIONS).on_conflict_do_nothing().returning(CONVERSATIONS.c.id),
        OPENED_COLUMNS,
    )


# A retried client_id: the message this sender already stored with it.
STORED_BY_CLIENT_ID = select(MESSAGES).where(
    MESSAGES.c.sender_type == bindparam("sender_type"),
    MESSAGES.c.sender_id == bindparam("sender_id"),
    MESSAGES.c.client_id == bindparam("client_id"),
)
