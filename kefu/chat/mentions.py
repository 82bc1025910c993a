"""@mentions in private notes: which colleagues a note names, stored in the note's own
transaction, and the alert each of them gets once it is committed (docs/dashboard.md,
Mentions).

A note without mentions costs nothing here: no query, no row, no event.
"""

from collections import defaultdict

from sqlalchemy import insert, select

from ..errors import InvalidPayload
from ..events.sink import current_sink
from ..extensions import db
from ..models import Agent, NoteMention
from ..storage.deferred import insert_later

EXCERPT_CHARS = 140
INSERT_MENTIONS = insert(NoteMention)


def _refuse(message):
    return InvalidPayload(message, code="invalid_field", field="mentions")


def checked_mentions(mentions, private):
    """The agent ids a message mentions, as a tuple (empty: none). The payload's schema
    (schemas.StaffMessageIn) has checked their number, type and uniqueness; refused here
    with invalid_field unless the message is a private note and each is an active agent."""
    if not mentions:
        return ()
    if not private:
        raise _refuse("Only a private note may mention colleagues.")
    ids = tuple(mentions)
    active = set(
        db.session.scalars(
            select(Agent.id).where(Agent.id.in_(ids), Agent.deactivated_at.is_(None))
        )
    )
    unknown = [agent_id for agent_id in ids if agent_id not in active]
    if unknown:
        raise _refuse(f"Agent {unknown[0]} is not an active agent.")
    return ids


def recording_mentions(job, agent_ids):
    """The write job, then one note_mentions row per mentioned agent in the same transaction
    (in the writer's batch, with the batch's other deferred rows)."""

    def run(connection):
        stored = job(connection)
        message = stored.message
        for agent_id in agent_ids:
            insert_later(
                connection,
                INSERT_MENTIONS,
                {
                    "conversation_id": message.conversation_id,
                    "message_id": message.id,
                    "agent_id": agent_id,
                    "created_at": message.created_at,
                },
            )
        message.mentions = list(agent_ids)
        return stored

    return run


def attach_mentions(messages):
    """Give each private note of `messages` (ORM rows, for staff) its `mentions`; one query,
    and none when there is no note among them."""
    notes = {m.id: m for m in messages if m.private}
    if not notes:
        return messages
    found = defaultdict(list)
    rows = db.session.execute(
        select(NoteMention.message_id, NoteMention.agent_id)
        .where(NoteMention.message_id.in_(list(notes)))
        .order_by(NoteMention.id)
    )
    for message_id, agent_id in rows:
        found[message_id].append(agent_id)
    for message_id, note in notes.items():
        note.mentions = found.get(message_id, [])
    return messages


def excerpt(message):
    """The note in one line, cut to EXCERPT_CHARS (a file's name when it has no text)."""
    text = " ".join((message.content or "").split())
    if not text and message.attachment is not None:
        text = message.attachment.name
    if len(text) > EXCERPT_CHARS:
        text = text[: EXCERPT_CHARS - 1].rstrip() + "…"
    return text


def announce_mentions(message, principal):
    """Tell each agent a just-committed note mentions (the `mention` event, in its own
    room on /agent only)."""
    agent_ids = getattr(message, "mentions", None)
    if not agent_ids:
        return
    by_id = principal.id if principal.is_agent else None
    mention = {
        "conversation_id": message.conversation_id,
        "seq": message.seq,
        "message_id": message.id,
        "by": {"id": by_id, "name": principal.name},
        "excerpt": excerpt(message),
    }
    current_sink().note_mentioned(mention, agent_ids=list(agent_ids))


def is_mentioned_in(agent_id, conversation_id):
    """Whether a note of the conversation @mentions the agent (one lookup on the index)."""
    found = select(NoteMention.id).where(
        NoteMention.agent_id == agent_id, NoteMention.conversation_id == conversation_id
    )
    return db.session.scalar(found.limit(1)) is not None
