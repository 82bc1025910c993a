"""conversations.enqueued_at and route_reason: queue entry time, the router's last word

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")


def upgrade():
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("enqueued_at", Timestamp, nullable=True))
        batch.add_column(sa.Column("route_reason", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("excluded_agent_id", sa.Integer(), nullable=True))
    op.execute("UPDATE conversations SET enqueued_at = queued_at WHERE status = 'queued'")


def downgrade():
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("excluded_agent_id")
        batch.drop_column("route_reason")
        batch.drop_column("enqueued_at")
