"""Finding conversations: by id (optionally locked), a visitor's active or latest one, and
the staff listing."""

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from ..dispatch.queue import QueueReading, public_conversation
from ..errors import NotFound
from ..extensions import db
from ..models import Conversation, is_active
from . import search
from .principals import require_can_read


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
        .where(Conversation.visitor_id == visitor_id, is_active(Conversation.status))
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


def list_conversations(principal, wanted=None, page=1, per_page=20):
    """Conversations for staff, newest first, narrowed by a search.ConversationFilter."""
    query = search.apply(select(Conversation), principal, wanted or search.ConversationFilter())
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(Conversation.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    reading = QueueReading()
    return [public_conversation(c, reading) for c in rows], total
