"""Messages as use cases: the one post_message, system notices, reading them back.

Every message (a visitor's, an agent's, an API key's, over a socket or REST) takes one path:

    check      content, then the sender's rate limit
    write      one job built by the message store (storage/), run by the writer
    answer     a refusal or a used client_id: the retry rule below
    route      a visitor's message that opened a conversation is routed
    announce   after the commit: counted once, published through the event sink

The retry rule, the only one: a message is identified by (sender, client_id). Whenever the
path refuses a message that carries a client_id (rate limit, permission, a closed
conversation, the unique index), a message already stored under that pair is the answer,
so a client retrying after a lost ack always gets its message back; naming another
conversation than the stored one is `duplicate_client_id`.
"""

import logging

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from ..dispatch import router
from ..dispatch.queue import public_conversation
from ..errors import (
    AttachmentUsed,
    Conflict,
    ConversationClosed,
    EmptyMessage,
    Forbidden,
    InvalidPayload,
    MessageTooLong,
    RateLimited,
)
from ..events import outbox, payloads
from ..events.sink import current_sink
from ..extensions import db, end_session_snapshot
from ..metrics import MESSAGES
from ..models import STATUS_PENDING, STATUS_QUEUED, Conversation, Message, Visitor
from ..ratelimit import enforce
from ..serializers import message_dict
from ..storage import message_store
from ..storage.messages import NewMessage
from ..storage.statements import STORED_BY_CLIENT_ID
from ..storage.writer import run_write
from . import attachments
from .mentions import announce_mentions, attach_mentions, checked_mentions, recording_mentions
from .notices import notice
from .principals import require_can_act, require_can_read

log = logging.getLogger(__name__)

SYSTEM_SENDER = ("system", "system", "Kefu")  # sender_type, sender_id, sender_name
VISITOR_EMAIL = select(Visitor.email).where(Visitor.id == bindparam("id"))
VISITOR_OF = select(Conversation.visitor_id).where(Conversation.id == bindparam("id"))


def check_content(content, caption=False):
    """Refuse empty (unless a caption of a file) or over-long text (KEFU_MAX_MESSAGE_CHARS)."""
    if not caption and (not content or not content.strip()):
        raise EmptyMessage()
    limit = current_app.config["MAX_MESSAGE_CHARS"]
    if len(content) > limit:
        raise MessageTooLong(f"A message may hold at most {limit} characters.")


def post_message(
    principal,
    content,
    *,
    client_id=None,
    conversation_id=None,
    msg_type="text",
    private=False,
    attachment_id=None,
    left_offline=False,
    origin=None,
    mentions=(),
):
    """Store a message and announce it: (message, created).

    A visitor's message goes to their active conversation (opening and routing one when
    there is none); staff name the conversation, which they must be allowed to act on
    (its agent, an admin, an API key). A `private` note (staff only) is never sent to the
    visitor. `attachment_id` is an upload of the sender's own, not attached before; the
    content is then its caption. `origin` is the sending socket, which does not hear its
    own message back. `left_offline`: a conversation this message opens is pending (the
    offline form), not routed. `mentions`: agent ids a private note @mentions, stored with
    it and alerted after the commit (chat/mentions.py)."""
    check_content(content, caption=attachment_id is not None)
    if private and principal.is_visitor:
        raise InvalidPayload("Only staff write private notes.", code="invalid_field")
    mentions = checked_mentions(mentions, private)
    new = NewMessage(
        sender_type=principal.sender_type,
        sender_id=principal.sender_id,
        sender_name=principal.name,
        content=content,
        type=msg_type,
        client_id=client_id,
        conversation_id=None if principal.is_visitor else conversation_id,
        visitor_id=principal.id if principal.is_visitor else None,
        private=bool(private),
        attachment_id=attachment_id,
        opens_as=STATUS_PENDING if left_offline else STATUS_QUEUED,
    )
    # Lock order across a batch (storage/writer.py): a visitor's conversation is found
    # through the visitor, a named one directly.
    order_key = (0, principal.id) if principal.is_visitor else (1, conversation_id)
    end_session_snapshot()  # the write runs on the writer's connection, not the ORM session's
    try:
        enforce("RATE_LIMIT_MESSAGES", principal.sender_type, principal.sender_id)
        attachment = None
        if attachment_id is not None:
            attachment = attachments.for_message(principal, attachment_id)
            db.session.expunge(attachment)  # kept as read, past the snapshot's end
            end_session_snapshot()
        job = message_store().job(new, may_post=lambda found: require_can_act(principal, found))
        if mentions:
            job = recording_mentions(job, mentions)
        stored = run_write(current_app, recording_events(job, new.opens_as, attachment), order_key)
    except (RateLimited, Forbidden, ConversationClosed, AttachmentUsed, IntegrityError) as refused:
        earlier = stored_retry(new) if client_id is not None else None
        if earlier is None:
            if isinstance(refused, IntegrityError):
                raise Conflict("The message could not be stored; send it again.") from None
            raise
        return earlier, False
    stored.message.attachment = attachment
    if stored.opened and left_offline:
        announce_pending(stored.message.conversation_id)
    elif stored.opened:
        # Before the announcement, so the newly assigned agent hears the first message too.
        stored.agent_id = route_opened(stored.message.conversation_id)
    announce(stored.message, stored.visitor_id, stored.agent_id, origin)
    if mentions:
        announce_mentions(stored.message, principal)
    return stored.message, True


def recording_events(job, opens_as, attachment):
    """The write job, then its events in the same transaction (events/outbox.py): the
    message (a note as note.created), and for a message that opened a conversation
    conversation.created (and offline_message.created when it was left offline)."""

    def run(connection):
        stored = job(connection)
        message = stored.message
        message.attachment = attachment
        if stored.opened:
            outbox.record(
                connection,
                *payloads.conversation_created(
                    message.conversation_id, stored.visitor_id, opens_as, message.created_at
                ),
            )
        outbox.record(connection, *payloads.message_created(message, stored.visitor_id))
        if stored.opened and opens_as == STATUS_PENDING:
            email = connection.execute(VISITOR_EMAIL, {"id": stored.visitor_id}).scalar()
            outbox.record(
                connection, *payloads.offline_message_created(message, stored.visitor_id, email)
            )
        return stored

    return run


def stored_retry(new):
    """The message already stored under (sender, client_id), or None; a conflict when the
    sender names another conversation than the one it went to."""
    existing = db.session.execute(
        select(Message).from_statement(STORED_BY_CLIENT_ID),
        {
            "sender_type": new.sender_type,
            "sender_id": new.sender_id,
            "client_id": new.client_id,
        },
    ).scalar()
    if existing is None:
        return None
    if new.conversation_id is not None and existing.conversation_id != new.conversation_id:
        raise Conflict(
            "That client_id was already used for a message in another conversation.",
            code="duplicate_client_id",
        )
    attach_mentions([existing])
    return existing


def route_opened(conversation_id):
    """Route a conversation a visitor's message just opened; its agent, or None while it
    waits. Stored is stored: a failed routing is left to the sweep
    (KEFU_DISPATCH_SWEEP_SECONDS)."""
    try:
        return router.dispatch(conversation_id)
    except Exception:
        log.exception("routing conversation %s failed", conversation_id)
        db.session.rollback()
        return None


def announce_pending(conversation_id):
    """Tell every agent of a conversation left while nobody was available."""
    conversation = db.session.get(Conversation, conversation_id, populate_existing=True)
    current_sink().pending_changed(public_conversation(conversation))
    db.session.rollback()


def announce(message, visitor_id, agent_id, origin=None):
    """Count and publish a just-committed message."""
    MESSAGES.labels(message.sender_type).inc()
    current_sink().message_posted(
        message_dict(message), visitor_id=visitor_id, agent_id=agent_id, origin=origin
    )


def add_system_notice(conversation_id, code, **params):
    """Add a system notice (chat/notices.py: transfer, close, …) to the ORM session's open
    transaction, with the store's statements; the caller commits, then `announce`s it."""
    sender_type, sender_id, name = SYSTEM_SENDER
    content, coded = notice(code, **params)
    new = NewMessage(
        sender_type, sender_id, name, content, conversation_id=conversation_id, notice=coded
    )
    connection = db.session.connection()
    message, _ = message_store().append(connection, new, conversation_id)
    if outbox.wanted(connection, "message.created"):
        visitor_id = connection.execute(VISITOR_OF, {"id": conversation_id}).scalar()
        outbox.record(connection, *payloads.message_created(message, visitor_id))
    return message


def announce_notice(notice, conversation):
    """Announce a committed system notice to its conversation's visitor and agent."""
    announce(notice, conversation.visitor_id, conversation.agent_id)


def messages_after(principal, conversation, after_seq, limit=None):
    """Messages of a conversation with seq > after_seq, ascending; a visitor's without the
    private notes."""
    require_can_read(principal, conversation)
    query = (
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.seq > after_seq)
        .order_by(Message.seq)
    )
    if principal.is_visitor:
        query = query.where(Message.private.is_(False))
    if limit is not None:
        query = query.limit(limit)
    found = list(db.session.scalars(query))
    return found if principal.is_visitor else attach_mentions(found)


def last_visible_seq(conversation_id):
    """The seq of the newest message the conversation's visitor can see (0: none)."""
    return (
        db.session.scalar(
            select(func.max(Message.seq)).where(
                Message.conversation_id == conversation_id, Message.private.is_(False)
            )
        )
        or 0
    )


def visitor_history(visitor_id, page, per_page, with_notes=False):
    """All messages of a visitor's conversations, newest page first, each page oldest
    first; private notes only `with_notes` (staff)."""
    visible = (
        select(Message)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Conversation.visitor_id == visitor_id)
    )
    if not with_notes:
        visible = visible.where(Message.private.is_(False))
    total = db.session.scalar(select(func.count()).select_from(visible.subquery()))
    newest_first = db.session.scalars(
        visible.order_by(Message.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    page_rows = list(reversed(list(newest_first)))
    return (attach_mentions(page_rows) if with_notes else page_rows), total
