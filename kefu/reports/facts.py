"""One row of facts per conversation created in a period: when it was assigned, first
answered and closed, by whom, its rating and message count (the export's rows), and the
summary's rows of the same conversations with the durations worked out from the same
stamps by the database (summary_rows)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..extensions import db
from ..models import Agent, Conversation
from .sql_time import epoch_seconds, seconds_between

# A report covers at most this many days: the rows are computed in the process.
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date  # inclusive
    zone: ZoneInfo

    def utc_bounds(self):
        """[start, end) as naive UTC, the way timestamps are stored."""
        start = datetime.combine(self.first_day, time.min, self.zone)
        end = datetime.combine(self.last_day + timedelta(days=1), time.min, self.zone)
        return _naive_utc(start), _naive_utc(end)

    def local(self, stored):
        """A stored naive-UTC time in the report's zone."""
        return stored.replace(tzinfo=ZoneInfo("UTC")).astimezone(self.zone)


def _naive_utc(moment):
    return moment.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


@dataclass(frozen=True)
class ConversationFacts:
    id: int
    created_at: datetime
    assigned_at: datetime | None
    first_visitor_at: datetime | None
    first_response_at: datetime | None
    closed_at: datetime | None
    status: str
    agent_id: int | None
    agent_name: str | None
    skill_group: str | None
    rating: int | None
    message_count: int


# Rows fetched at a time when streaming (a server-side cursor on PostgreSQL and MySQL).
STREAM_BATCH = 1000


def _in_period(period, agent_id, skill_group):
    start, end = period.utc_bounds()
    in_period = (Conversation.created_at >= start) & (Conversation.created_at < end)
    if agent_id is not None:
        in_period &= Conversation.agent_id == agent_id
    if skill_group:
        in_period &= Conversation.skill_group == skill_group
    return in_period


def summary_rows(period, agent_id=None, skill_group=None, with_first_visitor=False):
    """The summary's view of the same conversations: SummaryRow tuples, the durations
    worked out by the database from the same stamps (summary.py has the definitions).
    `with_first_visitor` adds the first visitor message's epoch seconds at the end (what
    the business-hours variants measure from, reports/business_time.py)."""
    columns = [
        epoch_seconds(Conversation.created_at),
        seconds_between(Conversation.first_visitor_at, Conversation.first_response_at),
        seconds_between(Conversation.created_at, Conversation.closed_at),
        seconds_between(Conversation.created_at, Conversation.assigned_at),
        Conversation.status,
        Conversation.first_response_at.is_(None),
        Conversation.agent_id,
        Agent.name,
        Conversation.rating,
    ]
    if with_first_visitor:
        columns.append(epoch_seconds(Conversation.first_visitor_at))
    query = (
        select(*columns)
        .outerjoin(Agent, Agent.id == Conversation.agent_id)
        .where(_in_period(period, agent_id, skill_group))
    )
    return db.session.execute(query).all()


def iter_conversation_facts(period, agent_id=None, skill_group=None, batch=STREAM_BATCH):
    """The rows of the period one by one, `batch` fetched at a time (the export), so memory
    stays flat however long the period."""
    in_period = _in_period(period, agent_id, skill_group)
    # The first visitor message and the first reply were stamped on the conversation when
    # they happened (storage/statements.py), and last_seq counts its messages: no report
    # reads the messages table.
    query = (
        select(
            Conversation.id,
            Conversation.created_at,
            Conversation.assigned_at,
            Conversation.first_visitor_at,
            Conversation.first_response_at,
            Conversation.closed_at,
            Conversation.status,
            Conversation.agent_id,
            Agent.name,
            Conversation.skill_group,
            Conversation.rating,
            Conversation.last_seq,
        )
        .outerjoin(Agent, Agent.id == Conversation.agent_id)
        .where(in_period)
        .order_by(Conversation.id)
    )
    if batch is not None:
        query = query.execution_options(yield_per=batch)
    for row in db.session.execute(query):
        yield ConversationFacts(*row)
