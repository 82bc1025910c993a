"""conversations.first_visitor_at and first_response_at, set by the message path, and an
index on created_at: reports read conversations only, never messages

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")


def upgrade():
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("first_visitor_at", Timestamp, nullable=True))
        batch.add_column(sa.Column("first_response_at", Timestamp, nullable=True))
        batch.create_index("ix_conversations_created_at", ["created_at"])
    # The conversations stored before: their times from their messages, once.
    conversations = sa.table(
        "conversations",
        sa.column("id"),
        sa.column("first_visitor_at"),
        sa.column("first_response_at"),
    )
    messages = sa.table(
        "messages",
        sa.column("conversation_id"),
        sa.column("sender_type"),
        sa.column("private", sa.Boolean()),
        sa.column("created_at"),
    )

    def first(*conditions):
        return (
            sa.select(sa.func.min(messages.c.created_at))
            .where(messages.c.conversation_id == conversations.c.id, *conditions)
            .scalar_subquery()
        )

    op.execute(
        conversations.update().values(
            first_visitor_at=first(messages.c.sender_type == "visitor"),
            first_response_at=first(
                messages.c.sender_type == "agent", messages.c.private == sa.false()
            ),
        )
    )


def downgrade():
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_created_at")
        batch.drop_column("first_response_at")
        batch.drop_column("first_visitor_at")
