"""The waiting queue: queued conversations ordered by priority (higher first), then age."""

from datetime import timedelta
from functools import cached_property

from flask import current_app
from sqlalchemy import and_, func, or_, select

from ..extensions import db
from ..models import STATUS_QUEUED, Conversation
from ..serializers import conversation_dict
from ..timeutil import utcnow
from .availability import Availability

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


def assignments_per_second(now=None):
    """How fast conversations were assigned recently (the basis of wait estimates)."""
    now = now or utcnow()
    minutes = current_app.config["WAIT_ESTIMATE_MINUTES"]
    assigned = db.session.scalar(
        select(func.count())
        .select_from(Conversation)
        .where(Conversation.assigned_at >= now - timedelta(minutes=minutes))
    )
    return assigned / (minutes * 60)


def estimated_wait(position, rate):
    """Seconds until a conversation at `position` is likely assigned; None when unknown."""
    if position is None or rate <= 0:
        return None
    return round(position / rate)


class QueueReading:
    """Who could answer and how fast the queue moves, read at most once however many
    conversations a list or a queue event shows."""

    @cached_property
    def availability(self):
        return Availability()

    @cached_property
    def rate(self):
        return assignments_per_second()

    def shown(self, conversation, position):
        """The contract's conversation object at `position`: a wait estimate only when
        someone online could answer it."""
        if not position:
            return conversation_dict(conversation, position, None)
        answerable = self.availability.can_answer(conversation.skill_group)
        wait = estimated_wait(position, self.rate) if answerable else None
        return conversation_dict(conversation, position, wait, answerable)


def public_conversation(conversation, reading=None):
    """The contract's conversation object, with its live queue position, whether anyone
    online could answer it, and a wait estimate only then. Pass one `reading` when
    showing many."""
    return (reading or QueueReading()).shown(conversation, queue_position(conversation))
