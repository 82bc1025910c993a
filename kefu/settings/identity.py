"""The identity-verification secret: what a customer's backend signs `user_hash` with
(PROTOCOL.md section 2, identified users).

Where it comes from, first match wins:
1. the secret generated in the admin console (POST /api/settings/identity-secret), kept in
   its own row of the settings table, which no settings answer ever includes;
2. KEFU_IDENTITY_SECRET, the default of a deployment that never generated one.
So once a secret is generated in the console, the environment's is only the one it
replaced (accepted during the overlap below), and can be removed from the environment.

Generating again rotates: the secret it replaces stays accepted for
KEFU_IDENTITY_SECRET_OVERLAP_HOURS (default 24), so the customer can deploy the new one
without signing anybody out. The secret is shown once, in the answer that generated it;
afterwards only whether one is set, when, and its last four characters. Every worker reads
it through the same one-second cache as the settings."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..chat import audit
from ..errors import Conflict
from ..extensions import db
from ..models import Setting
from ..timeutil import isoformat, utcnow
from .store import SettingsCache

ROW_KEY = "identity_secret"
EXTENSION_KEY = "kefu.identity_secret"
SECRET_PREFIX = "kefu_id_"
CONSOLE, ENVIRONMENT = "console", "environment"


@dataclass(frozen=True)
class IdentitySecrets:
    current: str | None
    source: str | None  # CONSOLE, ENVIRONMENT, or None when there is none
    set_at: datetime | None = None
    previous: str | None = None
    previous_until: datetime | None = None

    def accepted(self, now=None):
        """The secrets a user_hash may be signed with now: the current one, and the one it
        replaced until its overlap ends."""
        now = now or utcnow()
        kept = [self.current] if self.current else []
        if self.previous and self.previous_until is not None and now < self.previous_until:
            kept.append(self.previous)
        return kept

    def public(self, now=None):
        """What an admin may read again: never the secret, only its last four characters."""
        now = now or utcnow()
        overlapping = self.previous is not None and len(self.accepted(now)) == 2
        return {
            "set": self.current is not None,
            "source": self.source,
            "set_at": isoformat(self.set_at),
            "last4": self.current[-4:] if self.current else None,
            "previous_valid_until": isoformat(self.previous_until) if overlapping else None,
        }


def identity_secrets():
    """The secrets in force, at most a second old (every worker within two seconds)."""
    cache = current_app.extensions.setdefault(EXTENSION_KEY, SettingsCache())
    return cache.get(read_identity_secrets)


def read_identity_secrets(for_update=False):
    """Read the stored secret (no cache), or fall back to KEFU_IDENTITY_SECRET."""
    query = select(Setting.value).where(Setting.key == ROW_KEY)
    if for_update:
        query = query.with_for_update()
    stored = db.session.scalar(query)
    if stored and stored.get("secret"):
        return IdentitySecrets(
            current=stored["secret"],
            source=CONSOLE,
            set_at=_stamp(stored.get("set_at")),
            previous=stored.get("previous"),
            previous_until=_stamp(stored.get("previous_until")),
        )
    from_env = current_app.config.get("IDENTITY_SECRET") or None
    return IdentitySecrets(current=from_env, source=ENVIRONMENT if from_env else None)


def rotate_identity_secret(actor):
    """Generate a new secret; the one in force (stored or the environment's) stays accepted
    for the overlap. Returns (the new secret, to show once; the new IdentitySecrets).
    Audited without the secret. Commits."""
    before = read_identity_secrets(for_update=True)
    now = utcnow()
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    overlap = timedelta(hours=current_app.config["IDENTITY_SECRET_OVERLAP_HOURS"])
    after = IdentitySecrets(
        current=secret,
        source=CONSOLE,
        set_at=now,
        previous=before.current,
        previous_until=now + overlap if before.current else None,
    )
    value = {
        "secret": after.current,
        "set_at": isoformat(after.set_at),
        "previous": after.previous,
        "previous_until": isoformat(after.previous_until),
    }
    row = db.session.get(Setting, ROW_KEY)
    if row is None:
        db.session.add(Setting(key=ROW_KEY, value=value, updated_at=now))
    else:
        row.value = value
        row.updated_at = now
    public = after.public(now)
    audit.record(
        actor,
        "identity_secret.rotated",
        "settings:identity_secret",
        {
            "replaced": before.source,
            "last4": public["last4"],
            "previous_valid_until": public["previous_valid_until"],
        },
    )
    try:
        db.session.commit()
    except IntegrityError:  # another admin stored the first secret at the same moment
        db.session.rollback()
        raise Conflict(
            "The secret was generated at the same moment elsewhere; try again.",
            code="settings_conflict",
        ) from None
    current_app.extensions.setdefault(EXTENSION_KEY, SettingsCache()).clear()
    return secret, after


def _stamp(text):
    """A stored ISO stamp back to the naive UTC datetime the rest of Kefu compares."""
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
