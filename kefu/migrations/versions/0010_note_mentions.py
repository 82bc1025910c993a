"""note mentions: the colleagues a private note @mentions (docs/dashboard.md, Mentions)

One row per (note, mentioned agent), written in the note's own transaction. Indexed by the
agent (what mentions me) and unique per note and agent.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "note_mentions",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column(
            "conversation_id",
            sa.Integer(),
            sa.ForeignKey("conversations.id", name="fk_note_mentions_conversation_id"),
            nullable=False,
        ),
        sa.Column(
            "message_id",
            sa.Integer(),
            sa.ForeignKey("messages.id", name="fk_note_mentions_message_id"),
            nullable=False,
        ),
        sa.Column(
            "agent_id",
            sa.Integer(),
            sa.ForeignKey("agents.id", name="fk_note_mentions_agent_id"),
            nullable=False,
        ),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.UniqueConstraint("message_id", "agent_id", name="uq_note_mentions_message_agent"),
    )
    op.create_index("ix_note_mentions_agent", "note_mentions", ["agent_id", "conversation_id"])


def downgrade():
    op.drop_index("ix_note_mentions_agent", table_name="note_mentions")
    op.drop_table("note_mentions")
