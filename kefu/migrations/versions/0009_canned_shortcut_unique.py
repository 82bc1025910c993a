"""canned responses: one shortcut per owner, held by the database

Until now only the application checked that a shortcut is free (case-insensitively, per
agent for personal responses and once for the team's), so two creates at the same moment
could both pass. Two key columns make it a plain unique constraint that binds on SQLite,
PostgreSQL and MariaDB alike:

- scope_key: the owner's agent id for a personal response, 0 for the team's (a NULL owner
  would not bind: every database treats NULLs as distinct in a unique constraint);
- shortcut_key: the hex SHA-256 of the case-folded shortcut, so every database compares it
  byte for byte (MariaDB's default collation would also merge accents and trailing spaces,
  which the application keeps apart).

Rows that already break the rule are kept: the oldest keeps its shortcut, every later one
is renamed to `<shortcut>-2`, `-3`, … (the first free one, cut to 64 characters), and each
rename is written to the audit log as a system change, so the admin can see what moved.

Revision ID: 0009
Revises: 0008
"""

import hashlib
import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NAME = "uq_canned_responses_shortcut"
TEAM_SCOPE_KEY = 0
SHORTCUT_MAX = 64
Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")

log = logging.getLogger("alembic.runtime.migration")

canned = sa.table(
    "canned_responses",
    sa.column("id", sa.Integer()),
    sa.column("shortcut", sa.String(64)),
    sa.column("scope", sa.String(16)),
    sa.column("agent_id", sa.Integer()),
    sa.column("scope_key", sa.Integer()),
    sa.column("shortcut_key", sa.String(64)),
)
audit_log = sa.table(
    "audit_log",
    sa.column("at", Timestamp),
    sa.column("actor_type", sa.String(16)),
    sa.column("action", sa.String(64)),
    sa.column("target", sa.String(128)),
    sa.column("details", sa.JSON()),
)


def shortcut_key(shortcut):
    """The models' kefu.models.shortcut_key, frozen here as this migration wrote it."""
    return hashlib.sha256(shortcut.casefold().encode()).hexdigest()


def upgrade():
    op.add_column("canned_responses", sa.Column("scope_key", sa.Integer(), nullable=True))
    op.add_column("canned_responses", sa.Column("shortcut_key", sa.String(64), nullable=True))
    fill_keys(op.get_bind())
    with op.batch_alter_table("canned_responses") as batch:
        batch.alter_column("scope_key", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("shortcut_key", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint(NAME, ["scope_key", "shortcut_key"])


def downgrade():
    with op.batch_alter_table("canned_responses") as batch:
        batch.drop_constraint(NAME, type_="unique")
        batch.drop_column("shortcut_key")
        batch.drop_column("scope_key")


def fill_keys(connection):
    """Write both keys of every row, renaming the later ones of a shortcut taken twice."""
    rows = connection.execute(
        sa.select(canned.c.id, canned.c.shortcut, canned.c.scope, canned.c.agent_id).order_by(
            canned.c.id
        )
    ).all()
    scope_of = {row.id: row.agent_id or TEAM_SCOPE_KEY for row in rows}
    # Every shortcut as it is now, so a rename never takes one a later row already has.
    existing = {(scope_of[row.id], shortcut_key(row.shortcut)) for row in rows}
    kept = set()
    now = datetime.now(UTC).replace(tzinfo=None)
    for row in rows:
        scope_key, shortcut = scope_of[row.id], row.shortcut
        if (scope_key, shortcut_key(shortcut)) in kept:
            shortcut = free_shortcut(row.shortcut, scope_key, existing | kept)
            log.warning(
                "canned response %s: shortcut %r is taken in its scope, renamed to %r",
                row.id,
                row.shortcut,
                shortcut,
            )
            connection.execute(
                audit_log.insert().values(
                    at=now,
                    actor_type="system",
                    action="canned_response.updated",
                    target=f"canned_response:{row.id}",
                    details={
                        "scope": row.scope,
                        "reason": "duplicate_shortcut",
                        "changes": {"shortcut": {"from": row.shortcut, "to": shortcut}},
                    },
                )
            )
        key = shortcut_key(shortcut)
        kept.add((scope_key, key))
        connection.execute(
            canned.update()
            .where(canned.c.id == row.id)
            .values(shortcut=shortcut, scope_key=scope_key, shortcut_key=key)
        )


def free_shortcut(shortcut, scope_key, taken):
    """`shortcut-2`, `-3`, …: the first not taken in the scope, within 64 characters."""
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = shortcut[: SHORTCUT_MAX - len(suffix)] + suffix
        if (scope_key, shortcut_key(candidate)) not in taken:
            return candidate
        n += 1
