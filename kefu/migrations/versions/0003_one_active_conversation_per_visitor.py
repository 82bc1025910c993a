"""One non-closed conversation per visitor, as a partial unique index (PostgreSQL, SQLite)

The application always kept it (a first message locked the visitor row); the index lets
the database keep it instead, so opening a conversation takes one INSERT … ON CONFLICT DO
NOTHING. MariaDB/MySQL have no partial index: nothing changes there.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NAME = "uq_conversations_visitor_active"
DIALECTS = ("postgresql", "sqlite")
ACTIVE = sa.text("status <> 'closed'")


def upgrade():
    if op.get_bind().dialect.name in DIALECTS:
        op.create_index(
            NAME,
            "conversations",
            ["visitor_id"],
            unique=True,
            postgresql_where=ACTIVE,
            sqlite_where=ACTIVE,
        )


def downgrade():
    if op.get_bind().dialect.name in DIALECTS:
        op.drop_index(NAME, table_name="conversations")
