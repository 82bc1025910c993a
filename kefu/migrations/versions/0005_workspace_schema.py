"""The workspace round's schema: attachments and private notes on messages, settings,
canned responses, the audit log, visitor attributes and notes, agent preferences, and
what the mail sweep has sent

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")


def upgrade():
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=128), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("uploader_type", sa.String(length=16), nullable=False),
        sa.Column("uploader_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("messages") as batch:
        batch.add_column(
            sa.Column("private", sa.Boolean(), nullable=False, server_default=sa.text("false"))
        )
        batch.add_column(sa.Column("attachment_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("notice", sa.JSON(), nullable=True))
        batch.create_unique_constraint("uq_messages_attachment_id", ["attachment_id"])
        batch.create_foreign_key(
            "fk_messages_attachment_id", "attachments", ["attachment_id"], ["id"]
        )
    with op.batch_alter_table("visitors") as batch:
        batch.add_column(sa.Column("attributes", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("notes", sa.Text(), nullable=True))
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("preferences", sa.JSON(), nullable=True))
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(
            sa.Column("visitor_emailed_seq", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("team_notified_at", Timestamp, nullable=True))
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "canned_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shortcut", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_canned_responses_agent", "canned_responses", ["agent_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("actor_type", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.String(length=64), nullable=True),
        sa.Column("actor_name", sa.String(length=128), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=128), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade():
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_canned_responses_agent", table_name="canned_responses")
    op.drop_table("canned_responses")
    op.drop_table("settings")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("team_notified_at")
        batch.drop_column("visitor_emailed_seq")
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("preferences")
    with op.batch_alter_table("visitors") as batch:
        batch.drop_column("notes")
        batch.drop_column("attributes")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint("fk_messages_attachment_id", type_="foreignkey")
        batch.drop_constraint("uq_messages_attachment_id", type_="unique")
        batch.drop_column("notice")
        batch.drop_column("attachment_id")
        batch.drop_column("private")
