"""agents.deactivated_at: an agent is deactivated, never deleted, so its history stays

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")


def upgrade():
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("deactivated_at", Timestamp, nullable=True))


def downgrade():
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("deactivated_at")
