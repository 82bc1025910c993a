"""Admin console REST: the team's settings and the audit log (administrators only)."""

from flask import Blueprint, g, jsonify

from ..chat.audit import audit_entry_dict, list_entries
from ..settings import identity, update_settings
from ..settings.schema import SettingsPatch
from ..settings.store import read_settings
from .common import documented, json_body, paging, requires

bp = Blueprint("api_settings", __name__, url_prefix="/api")

admin_only = requires("agent", admin=True)


@bp.get("/settings")
@admin_only
def get_settings():
    """The settings in force: widget, business hours, allowed origins, auto-close, workspace."""
    # Read afresh, not through the cache: an admin sees their own change at once.
    return jsonify(read_settings().model_dump(mode="json"))


@bp.patch("/settings")
@admin_only
@documented(body=SettingsPatch)
def patch_settings():
    """Change the settings: only the fields named change (a JSON merge patch; null resets a
    field to its default, lists are replaced whole). Every worker uses it within a second."""
    patch = json_body(SettingsPatch)
    return jsonify(update_settings(g.principal, patch).model_dump(mode="json"))


@bp.get("/settings/identity-secret")
@admin_only
def get_identity_secret():
    """What is known of the identity secret, never the secret itself.

    Whether one is set, where it comes from (`console` or `environment`), when it was
    generated, its last four characters, and until when the one it replaced still verifies.
    """
    return jsonify(identity.read_identity_secrets().public())


@bp.post("/settings/identity-secret")
@admin_only
@documented(status=201)
def rotate_identity_secret():
    """Generate a new identity secret, answered this once as `secret`.

    The one it replaces keeps verifying user_hash for KEFU_IDENTITY_SECRET_OVERLAP_HOURS (24
    by default); every worker uses the new one within two seconds.
    """
    secret, secrets = identity.rotate_identity_secret(g.principal)
    return jsonify({**secrets.public(), "secret": secret}), 201


@bp.get("/audit-log")
@admin_only
@documented(query=("page", "per_page"))
def get_audit_log():
    """Who changed settings, agents, roles, API keys and canned responses, newest first."""
    page, per_page = paging()
    entries, total = list_entries(page, per_page)
    return jsonify(
        {
            "data": [audit_entry_dict(e) for e in entries],
            "total": total,
            "page": page,
            "per_page": per_page,
        }
    )
