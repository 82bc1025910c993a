"""Conversation use cases: the visitor's first message, close, transfer, pick, rate, read."""

import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from ..dispatch import claims, router
from ..dispatch.queue import public_conversation
from ..errors import (
    AlreadyAssigned,
    CapacityFull,
    Conflict,
    ConversationClosed,
    Forbidden,
    InvalidPayload,
    NotFound,
    RateLimited,
    UnknownSkillGroup,
)
from ..extensions import db, release_session
from ..models import (
    ACTIVE_STATUSES,
    STATUS_CLOSED,
    STATUS_OPEN,
    STATUS_QUEUED,
    Agent,
    Conversation,
    SkillGroup,
    Visitor,
)
from ..ratelimit import enforce
from ..state import ONLINE, current_state
from ..timeutil import utcnow
from . import onestatement
from .direct import DirectStatement
from .events import current_sink
from .groupcommit import run_write
from .messages import (
    MessageRow,
    check_content,
    find_by_client_id,
    insert_message,
    insert_row,
    new_message,
    publish_message,
    published,
    store_system_message,
    stored_retry,
)
from .principals import Principal, require_can_act, require_can_read

log = logging.getLogger(__name__)


def get_conversation(conversation_id, for_update=False):
    """Load a conversation or raise NotFound."""
    query = select(Conversation).where(Conversation.id == conversation_id)
    if for_update:
        # No joined loads under the lock: MariaDB has no FOR UPDATE OF.
        query = query.options(lazyload("*")).with_for_update()
    conversation = db.session.scalar(query.execution_options(populate_existing=True))
    if conversation is None:
        raise NotFound("No such conversation.", code="conversation_not_found")
    return conversation


def readable_conversation(principal, conversation_id):
    conversation = get_conversation(conversation_id)
    require_can_read(principal, conversation)
    return conversation


def active_conversation(visitor_id):
    """The visitor's queued or open conversation, if any."""
    return db.session.scalar(
        select(Conversation)
        .where(Conversation.visitor_id == visitor_id, Conversation.status.in_(ACTIVE_STATUSES))
        .order_by(Conversation.id.desc())
        .limit(1)
    )


def latest_conversation(visitor_id):
    return db.session.scalar(
        select(Conversation)
        .where(Conversation.visitor_id == visitor_id)
        .order_by(Conversation.id.desc())
        .limit(1)
    )


def publish_conversation(conversation, agent_ids=()):
    conversation = get_conversation(conversation.id)
    current_sink().conversation_changed(
        public_conversation(conversation),
        visitor_id=conversation.visitor_id,
        agent_ids=({conversation.agent_id} | set(agent_ids)) - {None},
    )


# Built once (the hot path): the visitor's name, routing fields and active conversation in
# one query.
_VISITORS, _CONVERSATIONS = Visitor.__table__, Conversation.__table__
_VISITOR_AND_ACTIVE = (
    select(_VISITORS.c.name, _VISITORS.c.skill_group, _VISITORS.c.priority, _CONVERSATIONS.c.id)
    .outerjoin(
        _CONVERSATIONS,
        and_(
            _CONVERSATIONS.c.visitor_id == _VISITORS.c.id,
            # Not IN (…): an expanding parameter is re-rendered on every execution.
            _CONVERSATIONS.c.status != STATUS_CLOSED,
        ),
    )
    .where(_VISITORS.c.id == bindparam("visitor_id"))
    .order_by(_CONVERSATIONS.c.id.desc())
    .limit(1)
)
_VISITOR_AND_ACTIVE_DIRECT = DirectStatement(_VISITOR_AND_ACTIVE)


def post_visitor_message(principal, client_id, content, msg_type="text", origin=None):
    """Store a visitor's message, opening (and routing) a conversation if none is active.

    The common case, a message in an active conversation, is the hot path of the whole
    product: one column query, the seq bump, one insert, one commit, no ORM loads. A first
    message opens its conversation in the same write job (one pass through the group
    commit), and is routed once committed."""
    check_content(content)
    limited(principal, client_id)
    release_session()  # the hot path runs on its own Core transaction
    job = _visitor_message_job(principal, client_id, content, msg_type)
    try:
        message, agent_id, opened = run_write(current_app, job, principal.id)
    except IntegrityError as exc:  # a client_id already used: a retry of a stored message
        return stored_retry(principal, client_id, _conversation_of_failed(exc, principal)), False
    if opened:
        agent_id = _route_opened(message.conversation_id)
    # Published after routing, so a newly assigned agent receives the first message too.
    return published(message, principal.id, agent_id, origin), True


def limited(principal, client_id):
    """Count the message against the sender's rate limit; a retry of a stored message is
    answered with that message, so a client over its budget never loses an ack."""
    try:
        enforce("RATE_LIMIT_MESSAGES", principal.sender_type, principal.sender_id)
    except RateLimited:
        if find_by_client_id(principal, client_id) is None:
            raise


# The first message of a conversation, in Core statements too: the conversation inserted
# with its first seq taken, so the message needs no seq bump. Two tabs sending at once must
# open one conversation, not two: on PostgreSQL and SQLite a partial unique index holds
# that (models.py) and the INSERT does nothing when another tab's conversation is there;
# MariaDB/MySQL lock the visitor row and look again under the lock.
_ACTIVE_ID = (
    select(_CONVERSATIONS.c.id)
    .where(
        _CONVERSATIONS.c.visitor_id == bindparam("visitor_id"),
        _CONVERSATIONS.c.status != STATUS_CLOSED,
    )
    .order_by(_CONVERSATIONS.c.id.desc())
    .limit(1)
)
_ACTIVE_ID_LOCKED = _ACTIVE_ID.with_for_update()
_LOCK_VISITOR = (
    select(_VISITORS.c.id).where(_VISITORS.c.id == bindparam("visitor_id")).with_for_update()
)
_OPENED_COLUMNS = (
    "visitor_id",
    "skill_group",
    "priority",
    "status",
    "last_seq",
    "created_at",
    "queued_at",
    "enqueued_at",
)
_ACTIVE_ID_DIRECT = DirectStatement(_ACTIVE_ID)
# {dialect: INSERT … ON CONFLICT DO NOTHING RETURNING id}, where the partial index exists.
_OPEN_UNLESS_ACTIVE = {
    name: DirectStatement(
        dialect_insert(_CONVERSATIONS).on_conflict_do_nothing().returning(_CONVERSATIONS.c.id),
        _OPENED_COLUMNS,
    )
    for name, dialect_insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
# A conversation opened by another tab can be closed before this one looks it up: try again.
OPEN_ATTEMPTS = 3


def _visitor_message_job(principal, client_id, content, msg_type):
    """The write job of a visitor's message: (message, agent_id, opened), `opened` when the
    message opened a new (still unrouted) conversation."""

    def job(connection):
        if connection.dialect.name in onestatement.DIALECTS:
            return _one_statement_job(connection, principal, client_id, content, msg_type)
        found = _VISITOR_AND_ACTIVE_DIRECT.first(connection, {"visitor_id": principal.id})
        if found is None:
            raise NotFound("No such visitor.", code="visitor_not_found")
        name, skill_group, priority, active_id = found
        sender = Principal("visitor", principal.id, name)
        if active_id is not None:
            try:
                return _append(connection, sender, active_id, client_id, content, msg_type)
            except ConversationClosed:
                pass  # closed meanwhile: this message opens the next one
        opened = _OpenedBy(sender, skill_group, priority, client_id, content, msg_type)
        return opened.store(connection)

    return job


_APPEND_OR_FIND = onestatement.AppendOrFind(_VISITOR_AND_ACTIVE)
_THE_ACTIVE_ONE = object()  # an IntegrityError's conversation: the visitor's active one


def _conversation_of_failed(exc, principal):
    """The conversation a message that hit a used client_id was meant for (None: a new one)."""
    conversation_id = getattr(exc, "conversation_id", None)
    if conversation_id is _THE_ACTIVE_ONE:
        return db.session.scalar(_ACTIVE_ID, {"visitor_id": principal.id})
    return conversation_id


def _one_statement_job(connection, principal, client_id, content, msg_type):
    """The message job where the database runs it as one statement (chat/onestatement.py)."""
    now = utcnow()
    params = {
        "visitor_id": principal.id,
        "sender_id": principal.sender_id,
        "client_id": client_id,
        "type": msg_type,
        "content": content,
        "created_at": now,
    }
    try:
        found = _APPEND_OR_FIND.run(connection, params)
    except IntegrityError as exc:
        # A used client_id. The statement failed as a whole, so which conversation it was
        # meant for is looked up afterwards (_conversation_of_failed).
        exc.conversation_id = _THE_ACTIVE_ONE
        raise
    if found is None:
        raise NotFound("No such visitor.", code="visitor_not_found")
    name, skill_group, priority, active_id, seq, agent_id, message_id = found
    sender = Principal("visitor", principal.id, name)
    if message_id is not None:
        message = new_message(
            sender, active_id, client_id, content, msg_type, MessageRow, created_at=now
        )
        message.seq, message.id = seq, message_id
        return message, agent_id, False
    # No active conversation, or it closed meanwhile: this message opens the next one.
    opened = _OpenedBy(sender, skill_group, priority, client_id, content, msg_type)
    return opened.store(connection)


def _append(connection, sender, conversation_id, client_id, content, msg_type):
    try:
        message, agent_id = insert_message(
            connection, sender, conversation_id, client_id, content, msg_type
        )
    except IntegrityError as exc:
        exc.conversation_id = conversation_id  # a used client_id: which conversation it hit
        raise
    return message, agent_id, False


@dataclass(slots=True)
class _OpenedBy:
    """A visitor's message that finds no active conversation: it opens one, or joins the one
    another tab's message opened meanwhile."""

    sender: Principal
    skill_group: str | None
    priority: int
    client_id: str | None
    content: str
    msg_type: str

    def store(self, connection):
        """(message, agent_id, opened), as the message job answers."""
        opener = _OPEN_UNLESS_ACTIVE.get(connection.dialect.name)
        if opener is None:
            return self._store_locked(connection)
        params = {"visitor_id": self.sender.id}
        for _ in range(OPEN_ATTEMPTS):
            now = utcnow()
            inserted = opener.first(connection, self._conversation_row(now))
            if inserted is not None:
                return self._first_message(connection, inserted[0], now)
            # Another tab's message opened one first (the INSERT waited for its commit).
            active = _ACTIVE_ID_DIRECT.first(connection, params)
            if active is not None:
                return self._join(connection, active[0])
        raise Conflict("The conversation changed meanwhile; send again.", code="conflict")

    def _store_locked(self, connection):
        """MariaDB/MySQL: the visitor row locked, then looked up again with a locking read,
        which sees the commit of another tab's message that got the lock first (a plain
        read would see the transaction's REPEATABLE READ snapshot, taken before it)."""
        params = {"visitor_id": self.sender.id}
        if connection.execute(_LOCK_VISITOR, params).first() is None:
            raise NotFound("No such visitor.", code="visitor_not_found")
        active = connection.execute(_ACTIVE_ID_LOCKED, params).first()
        if active is not None:
            return self._join(connection, active[0])
        now = utcnow()
        inserted = connection.execute(_CONVERSATIONS.insert(), self._conversation_row(now))
        conversation_id = inserted.inserted_primary_key[0]
        return self._first_message(connection, conversation_id, now)

    def _join(self, connection, conversation_id):
        return _append(
            connection, self.sender, conversation_id, self.client_id, self.content, self.msg_type
        )

    def _conversation_row(self, now):
        return {
            "visitor_id": self.sender.id,
            "skill_group": self.skill_group,
            "priority": self.priority,
            "status": STATUS_QUEUED,
            "last_seq": 1,
            "created_at": now,
            "queued_at": now,
            "enqueued_at": now,
        }

    def _first_message(self, connection, conversation_id, now):
        message = new_message(
            self.sender,
            conversation_id,
            self.client_id,
            self.content,
            self.msg_type,
            MessageRow,
            seq=1,
            created_at=now,
        )
        return insert_row(connection, message), None, True


def _route_opened(conversation_id):
    """Route a just-opened conversation; its agent id, or None while it waits."""
    try:
        return router.dispatch(conversation_id)
    except Exception:  # stored is stored: the sweep routes it (KEFU_DISPATCH_SWEEP_SECONDS)
        log.exception("routing conversation %s failed", conversation_id)
        db.session.rollback()
        return None


def close_conversation(principal, conversation_id):
    """Close a conversation, free its agent's capacity and let the queue move."""
    conversation = get_conversation(conversation_id, for_update=True)
    require_can_act(principal, conversation)
    if conversation.status == STATUS_CLOSED:
        db.session.rollback()
        return public_conversation(conversation)
    was_queued = conversation.status == STATUS_QUEUED
    agent_id = conversation.agent_id
    notice = store_system_message(conversation.id, "The conversation was closed.")
    conversation.status = STATUS_CLOSED
    conversation.closed_at = utcnow()
    if agent_id is not None and not was_queued:
        claims.release_capacity(agent_id)
    db.session.commit()
    publish_conversation(conversation)
    publish_message(notice, conversation)
    router.publish_agents(agent_id)
    if was_queued:
        router.publish_queue()
    else:
        router.drain_queue()
    return public_conversation(get_conversation(conversation_id))


def transfer_conversation(principal, conversation_id, agent_id=None, skill_group=None):
    """Hand a conversation to another agent, or back to the queue of a skill group."""
    if (agent_id is None) == (skill_group is None):
        raise InvalidPayload("Give exactly one of agent_id or skill_group.")
    conversation = get_conversation(conversation_id, for_update=True)
    require_can_act(principal, conversation)
    if conversation.status == STATUS_CLOSED:
        db.session.rollback()
        raise Conflict("That conversation is closed.", code="conversation_closed")
    if agent_id is not None:
        return _transfer_to_agent(conversation, agent_id)
    return _transfer_to_group(conversation, skill_group)


def _release_current_agent(conversation):
    if conversation.status == STATUS_OPEN and conversation.agent_id is not None:
        claims.release_capacity(conversation.agent_id)


def _transfer_to_agent(conversation, agent_id):
    target = db.session.get(Agent, agent_id)
    if target is None:
        db.session.rollback()
        raise NotFound("No such agent.", code="agent_not_found")
    if conversation.agent_id == agent_id and conversation.status == STATUS_OPEN:
        db.session.rollback()
        return public_conversation(conversation)
    if current_state().agent_status(agent_id) != ONLINE:
        db.session.rollback()
        raise Conflict(f"{target.name} is not online.", code="agent_unavailable")
    previous = conversation.agent_id
    was_queued = conversation.status == STATUS_QUEUED
    now = utcnow()
    holder = previous if conversation.status == STATUS_OPEN else None
    if not claims.move_capacity(holder, agent_id, now):
        db.session.rollback()
        raise CapacityFull(f"{target.name} has no free capacity.")
    conversation.agent_id = agent_id
    conversation.status = STATUS_OPEN
    conversation.assigned_at = now
    conversation.route_reason = f"transferred to {target.name}"
    conversation.excluded_agent_id = None
    notice = store_system_message(conversation.id, f"Transferred to {target.name}.")
    db.session.commit()
    publish_conversation(conversation, agent_ids={previous})
    publish_message(notice, conversation)
    router.publish_agents(previous, agent_id)
    if was_queued:
        router.publish_queue()
    elif previous is not None:
        router.drain_queue()
    return public_conversation(get_conversation(conversation.id))


def _transfer_to_group(conversation, skill_group):
    if db.session.scalar(select(SkillGroup.id).where(SkillGroup.name == skill_group)) is None:
        db.session.rollback()
        raise UnknownSkillGroup(f"No skill group named {skill_group!r}.")
    previous = conversation.agent_id
    _release_current_agent(conversation)
    conversation.agent_id = None
    conversation.status = STATUS_QUEUED
    conversation.skill_group = skill_group
    conversation.assigned_at = None
    # Keeps its original age, so a transferred visitor does not go to the back of the line.
    conversation.queued_at = conversation.created_at
    conversation.enqueued_at = utcnow()
    conversation.route_reason = f"transferred to the {skill_group} team"
    conversation.excluded_agent_id = previous
    notice = store_system_message(conversation.id, f"Transferred to the {skill_group} team.")
    db.session.commit()
    publish_conversation(conversation, agent_ids={previous})
    publish_message(notice, conversation)
    router.publish_agents(previous)
    router.dispatch(conversation.id)
    router.drain_queue()  # the previous agent's freed capacity
    return public_conversation(get_conversation(conversation.id))


def pick_conversation(principal, conversation_id):
    """An agent takes a queued conversation by hand."""
    if not principal.is_agent:
        raise Forbidden("Only agents pick conversations.")
    conversation = get_conversation(conversation_id)
    if conversation.status != STATUS_QUEUED:
        raise AlreadyAssigned()
    outcome = claims.claim(conversation.id, principal.id, f"picked by {principal.name}")
    if outcome == "conversation":
        raise AlreadyAssigned()
    if outcome == "agent":
        raise CapacityFull("You have no free capacity.")
    router.publish_assignment(conversation.id)
    router.publish_queue()
    return public_conversation(get_conversation(conversation.id))


def rate_conversation(principal, conversation_id, score, comment):
    """The visitor rates one of their conversations (a later rating replaces it)."""
    conversation = readable_conversation(principal, conversation_id)
    conversation.rating = score
    conversation.rating_comment = comment or None
    db.session.commit()
    publish_conversation(conversation)


def mark_read(principal, conversation, seq):
    """Record how far the visitor or the agent has read, and relay it."""
    require_can_act(principal, conversation)
    seq = min(seq, conversation.last_seq)
    column = Conversation.visitor_read_seq if principal.is_visitor else Conversation.agent_read_seq
    advanced = db.session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, column < seq)
        .values({column.key: seq})
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if advanced.rowcount != 1:
        return  # read receipts only move forward
    current_sink().read(
        conversation_id=conversation.id,
        visitor_id=conversation.visitor_id,
        agent_id=conversation.agent_id,
        from_visitor=principal.is_visitor,
        seq=seq,
    )


def relay_typing(principal, conversation, typing):
    """Tell the other side someone is typing; nothing is stored."""
    require_can_act(principal, conversation)
    current_sink().typing(
        conversation_id=conversation.id,
        visitor_id=conversation.visitor_id,
        agent_id=conversation.agent_id,
        from_visitor=principal.is_visitor,
        typing=typing,
    )


def list_conversations(principal, status=None, mine=False, page=1, per_page=20):
    """Conversations for staff, newest first, optionally filtered."""
    query = select(Conversation)
    if status:
        query = query.where(Conversation.status == status)
    if mine and principal.is_agent:
        query = query.where(Conversation.agent_id == principal.id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(Conversation.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return [public_conversation(c) for c in rows], total
