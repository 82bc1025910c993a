"""Closing conversations nobody wrote in for the settings' auto_close_minutes (null: never).
Run by every serving process's background loop; the close itself locks the conversation,
so two workers close it once."""

from datetime import timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..models import STATUS_OPEN, Conversation, Message
from ..settings.store import current_settings
from ..timeutil import utcnow
from .conversations import close_conversation

BATCH = 100


def close_inactive(now=None):
    """Close the open conversations whose newest message is older than the setting; how
    many were closed."""
    minutes = current_settings().auto_close_minutes
    if not minutes:
        return 0
    cutoff = (now or utcnow()) - timedelta(minutes=minutes)
    newest = (
        select(func.max(Message.created_at))
        .where(Message.conversation_id == Conversation.id)
        .scalar_subquery()
    )
    idle = list(
        db.session.scalars(
            select(Conversation.id)
            .where(Conversation.status == STATUS_OPEN, newest < cutoff)
            .order_by(Conversation.id)
            .limit(BATCH)
        )
    )
    db.session.rollback()
    for conversation_id in idle:
        close_conversation(None, conversation_id, ("closed_inactive", {"minutes": minutes}))
    return len(idle)
