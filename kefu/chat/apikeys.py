"""API keys: how a business's own systems talk to Kefu."""

from sqlalchemy import select

from ..errors import NotFound
from ..extensions import db
from ..models import ApiKey
from ..timeutil import isoformat, utcnow
from . import audit
from .credentials import digest, new_api_key


def api_key_dict(api_key):
    return {
        "id": api_key.id,
        "name": api_key.name,
        "prefix": api_key.prefix,
        "created_at": isoformat(api_key.created_at),
        "revoked_at": isoformat(api_key.revoked_at),
    }


def create_api_key(name, actor=None):
    """Create a key; the plain key is returned once and only its hash is kept. Commits."""
    key = new_api_key()
    api_key = ApiKey(name=name, key_hash=digest(key), prefix=key[:12])
    db.session.add(api_key)
    db.session.flush()
    audit.record(actor, "api_key.created", f"api_key:{api_key.id}", {"name": name})
    db.session.commit()
    return api_key, key


def list_api_keys():
    return list(db.session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_api_key(key_id, actor=None):
    """Revoke a key at once (revoking a revoked key changes nothing). Commits."""
    api_key = db.session.get(ApiKey, key_id)
    if api_key is None:
        raise NotFound("No such API key.", code="api_key_not_found")
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
        audit.record(actor, "api_key.revoked", f"api_key:{api_key.id}", {"name": api_key.name})
        db.session.commit()
    return api_key
