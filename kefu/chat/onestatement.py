"""A visitor's message in an active conversation as one statement, on PostgreSQL.

The hot path is three statements: the visitor and their active conversation, the seq bump
(its row lock orders concurrent writers), the insert. Each is a round trip: on two
workers at 1,000 msg/s the group commit's statements were a third of each worker's
samples, most of it sending, waiting and waking for the answer, and PostgreSQL's own
CPU grew with the statement count (docs/performance.md). PostgreSQL runs the three as
one statement with data-modifying CTEs:

    found   the visitor's name, routing fields and active conversation (the same query)
    bumped  UPDATE … last_seq + 1 of that conversation unless it is closed, RETURNING
    stored  INSERT the message with the bumped seq, RETURNING its id (no row if not bumped)

and answers one row: the found columns, then seq, agent_id and the message id, each NULL
when the step did not happen. The caller takes the other paths from there (no visitor; no
active conversation or closed meanwhile: the message opens one) as before. The UPDATE
re-checks `status` on the latest row version when it waits for a lock (READ COMMITTED),
as the separate statement did.

SQLite (no DML in a CTE) and MariaDB/MySQL keep the three statements.
"""

from sqlalchemy import bindparam, literal, select, true, update

from ..models import STATUS_CLOSED, Conversation, Message, Visitor
from .direct import DirectStatement

DIALECTS = frozenset({"postgresql"})

_VISITORS, _CONVERSATIONS, _MESSAGES = (
    Visitor.__table__,
    Conversation.__table__,
    Message.__table__,
)


def _statement(visitor_and_active):
    found = visitor_and_active.cte("found")
    bumped = (
        update(_CONVERSATIONS)
        .where(
            _CONVERSATIONS.c.id == select(found.c.id).scalar_subquery(),
            _CONVERSATIONS.c.status != STATUS_CLOSED,
        )
        .values(last_seq=_CONVERSATIONS.c.last_seq + 1)
        .returning(_CONVERSATIONS.c.id, _CONVERSATIONS.c.last_seq, _CONVERSATIONS.c.agent_id)
        .cte("bumped")
    )
    columns = _MESSAGES.c
    stored = (
        _MESSAGES.insert()
        .from_select(
            [
                columns.conversation_id,
                columns.seq,
                columns.client_id,
                columns.sender_type,
                columns.sender_id,
                columns.sender_name,
                columns.type,
                columns.content,
                columns.created_at,
            ],
            select(
                bumped.c.id,
                bumped.c.last_seq,
                bindparam("client_id", type_=columns.client_id.type),
                literal("visitor", columns.sender_type.type),
                bindparam("sender_id", type_=columns.sender_id.type),
                select(found.c.name).scalar_subquery(),
                bindparam("type", type_=columns.type.type),
                bindparam("content", type_=columns.content.type),
                bindparam("created_at", type_=columns.created_at.type),
            ),
            include_defaults=False,
        )
        .returning(columns.id)
        .cte("stored")
    )
    return select(
        found.c.name,
        found.c.skill_group,
        found.c.priority,
        found.c.id,
        bumped.c.last_seq,
        bumped.c.agent_id,
        stored.c.id,
    ).select_from(found.outerjoin(bumped, true()).outerjoin(stored, true()))


class AppendOrFind:
    """`run(connection, params)` -> (name, skill_group, priority, active_id, seq, agent_id,
    message_id), or None when there is no such visitor. Params: visitor_id, sender_id,
    client_id, type, content, created_at."""

    def __init__(self, visitor_and_active):
        self._direct = DirectStatement(_statement(visitor_and_active))

    def run(self, connection, params):
        return self._direct.first(connection, params)
