"""The audit log: who changed settings, agents, roles, API keys and canned responses.

`record` only adds the entry to the session: the use case that made the change commits it
in the same transaction, so there is never a change without its entry, nor the reverse.
Details hold what changed, never a password or a key."""

from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditEntry
from ..timeutil import isoformat

# Keys that must never reach the log, whoever passes them.
SECRET_KEYS = frozenset({"password", "password_hash", "key", "key_hash", "secret", "token"})


def record(actor, action, target=None, details=None):
    """Add an audit entry for `action` on `target` by `actor` (a Principal, or None for
    the command line and other system work) to the current transaction."""
    entry = AuditEntry(
        actor_type=actor.kind if actor is not None else "system",
        actor_id=str(actor.id) if actor is not None else None,
        actor_name=actor.name if actor is not None else None,
        action=action,
        target=target,
        details=_without_secrets(details) if details else None,
    )
    db.session.add(entry)
    return entry


def _without_secrets(value):
    if isinstance(value, dict):
        return {k: _without_secrets(v) for k, v in value.items() if k not in SECRET_KEYS}
    if isinstance(value, list):
        return [_without_secrets(v) for v in value]
    return value


def changes(before, after):
    """{field: {"from": old, "to": new}} for the fields whose value differs."""
    return {
        field: {"from": before.get(field), "to": value}
        for field, value in after.items()
        if before.get(field) != value
    }


def audit_entry_dict(entry):
    return {
        "id": entry.id,
        "at": isoformat(entry.at),
        "actor": {"type": entry.actor_type, "id": entry.actor_id, "name": entry.actor_name},
        "action": entry.action,
        "target": entry.target,
        "details": entry.details,
    }


def list_entries(page=1, per_page=20):
    """One page of the log, newest first, and the count of all entries."""
    total = db.session.scalar(select(func.count()).select_from(AuditEntry))
    rows = db.session.scalars(
        select(AuditEntry)
        .order_by(AuditEntry.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list(rows), total
