"""The waiting queue: queued conversations ordered by priority (higher first), then age."""

from sqlalchemy import and_, func, or_, select

from ..extensions import db
from ..models import STATUS_QUEUED, Conversation

QUEUE_ORDER = (Conversation.priority.desc(), Conversation.queued_at, Conversation.id)


def queued_conversations(limit=None):
    """Return queued conversations, head of the queue first."""
    query = select(Conversation).where(Conversation.status == STATUS_QUEUED).order_by(*QUEUE_ORDER)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def queue_length():
    return db.session.scalar(
        select(func.count()).select_from(Conversation).where(Conversation.status == STATUS_QUEUED)
    )


def queue_position(conversation):
    """1 for the head of the queue; None when the conversation is not queued."""
    if conversation.status != STATUS_QUEUED:
        return None
    c = Conversation
    ahead = db.session.scalar(
        select(func.count())
        .select_from(c)
        .where(
            c.status == STATUS_QUEUED,
            or_(
                c.priority > conversation.priority,
                and_(c.priority == conversation.priority, c.queued_at < conversation.queued_at),
                and_(
                    c.priority == conversation.priority,
                    c.queued_at == conversation.queued_at,
                    c.id < conversation.id,
                ),
            ),
        )
    )
    return ahead + 1
