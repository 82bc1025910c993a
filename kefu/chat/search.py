"""Finding conversations for staff: filters and a text search over the visitor's name and
email and the messages (private notes included: only staff search).

One interface for every database: a case-insensitive substring match (ILIKE on PostgreSQL,
lower() LIKE elsewhere), which also finds Chinese words that a word-based full-text index
would not split. The query is bounded (KEFU_SEARCH_MAX_CHARS) and paged.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, or_, select

from ..models import Conversation, Message, Visitor
from .visibility import visible_to


@dataclass(frozen=True)
class ConversationFilter:
    status: str | None = None
    mine: bool = False
    text: str | None = None
    agent_id: int | None = None
    skill_group: str | None = None
    visitor_id: str | None = None
    created_from: date | None = None  # inclusive days, UTC
    created_to: date | None = None
    rating: int | None = None


def like_pattern(text):
    """`text` as a LIKE pattern matching it anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def apply(query, principal, wanted):
    """`query` (a select of Conversation) narrowed to what `wanted` asks, among what
    `principal` may list (visibility.py)."""
    c = Conversation
    query = visible_to(query, principal)
    if wanted.status:
        query = query.where(c.status == wanted.status)
    if wanted.mine and principal.is_agent:
        query = query.where(c.agent_id == principal.id)
    if wanted.agent_id is not None:
        query = query.where(c.agent_id == wanted.agent_id)
    if wanted.skill_group:
        query = query.where(c.skill_group == wanted.skill_group)
    if wanted.visitor_id:
        query = query.where(c.visitor_id == wanted.visitor_id)
    if wanted.rating is not None:
        query = query.where(c.rating == wanted.rating)
    if wanted.created_from is not None:
        query = query.where(c.created_at >= datetime.combine(wanted.created_from, time.min))
    if wanted.created_to is not None:
        end = datetime.combine(wanted.created_to + timedelta(days=1), time.min)
        query = query.where(c.created_at < end)
    if wanted.text:
        pattern = like_pattern(wanted.text)
        visitors = select(Visitor.id).where(
            or_(
                Visitor.name.ilike(pattern, escape="\\"),
                Visitor.email.ilike(pattern, escape="\\"),
            )
        )
        said = exists().where(
            Message.conversation_id == c.id, Message.content.ilike(pattern, escape="\\")
        )
        query = query.where(or_(c.visitor_id.in_(visitors), said))
    return query
