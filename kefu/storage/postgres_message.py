"""A visitor's message in an active conversation as one statement, on PostgreSQL.

The portable store runs three statements (the visitor and their active conversation, the
seq bump, the insert), each a round trip. PostgreSQL runs them as one, with data-modifying
CTEs built from the same pieces (statements.py):

    found   the visitor's name, routing fields and active conversation (VISITOR_AND_ACTIVE)
    bumped  the seq rule (seq_bump, stamping first_visitor_at) on that conversation,
            RETURNING the new seq and agent
    stored  INSERT the message (MESSAGE_COLUMNS) with the bumped seq, RETURNING its id

and answers one row: the found columns, then seq, agent_id and the message id, each NULL
when its step did not happen (no active conversation, or it closed meanwhile: the store
opens the next one, as the portable store does). The UPDATE re-checks `status` on the
latest row version when it waits for a lock (READ COMMITTED), as the separate statement
does. What it bought: docs/performance.md.
"""

from sqlalchemy import bindparam, literal, null, select, true

from .driver import DirectStatement
from .statements import (
    CONVERSATIONS,
    FIRST_VISITOR,
    MESSAGE_COLUMNS,
    MESSAGES,
    VISITOR_AND_ACTIVE,
    seq_bump,
)


def _statement():
    found = VISITOR_AND_ACTIVE.cte("found")
    bumped = (
        seq_bump(select(found.c.id).scalar_subquery(), FIRST_VISITOR)
        .returning(CONVERSATIONS.c.id, CONVERSATIONS.c.last_seq, CONVERSATIONS.c.agent_id)
        .cte("bumped")
    )
    columns = MESSAGES.c

    def bound(name):
        return bindparam(name, type_=columns[name].type)

    values = {
        "conversation_id": bumped.c.id,
        "seq": bumped.c.last_seq,
        "client_id": bound("client_id"),
        "sender_type": literal("visitor", columns.sender_type.type),
        "sender_id": bound("sender_id"),
        "sender_name": select(found.c.name).scalar_subquery(),
        "type": bound("type"),
        "content": bound("content"),
        "created_at": bound("created_at"),
        "private": literal(False, columns.private.type),  # a visitor writes no notes
        "attachment_id": bound("attachment_id"),
        "notice": null(),  # a visitor writes no system notices
    }
    stored = (
        MESSAGES.insert()
        .from_select(
            [columns[name] for name in MESSAGE_COLUMNS],
            select(*(values[name] for name in MESSAGE_COLUMNS)),
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


# (name, skill_group, priority, active_id, seq, agent_id, message_id), or no row when there
# is no such visitor. Params: visitor_id, sender_id, client_id, type, content, created_at,
# stamped_at (the same time, for the conversation's first_visitor_at), attachment_id.
APPEND_OR_FIND = DirectStatement(_statement())
