"""Canned responses: an agent's own ("personal") and the whole team's ("team").

Agents read their own and the team's; only the owner (or an admin) changes a personal one,
only admins the team's. A personal response of someone else does not exist for an agent:
404, never 403, so ids cannot be probed. The server stores placeholders such as
{{visitor.name}} as they are; the dashboard fills them in before sending."""

from contextlib import contextmanager

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict, Forbidden, InvalidPayload, NotFound
from ..extensions import db
from ..models import TEAM_SCOPE_KEY, CannedResponse, shortcut_key
from ..timeutil import isoformat, utcnow
from . import audit

PERSONAL, TEAM = "personal", "team"


def canned_dict(canned):
    return {
        "id": canned.id,
        "shortcut": canned.shortcut,
        "content": canned.content,
        "scope": canned.scope,
        "agent_id": canned.agent_id,
        "created_at": isoformat(canned.created_at),
        "updated_at": isoformat(canned.updated_at),
    }


def list_canned(principal):
    """The agent's own responses and the team's, by shortcut."""
    return list(
        db.session.scalars(
            select(CannedResponse)
            .where(or_(CannedResponse.scope == TEAM, CannedResponse.agent_id == principal.id))
            .order_by(CannedResponse.shortcut, CannedResponse.scope, CannedResponse.id)
        )
    )


def create_canned(principal, shortcut, content, scope=PERSONAL):
    """Store a response of the agent's own, or (admins) the team's. Commits."""
    if scope == TEAM and not principal.is_admin:
        raise Forbidden("Only administrators write the team's canned responses.")
    _check_content(content)
    owner = principal.id if scope == PERSONAL else None
    _require_free_shortcut(shortcut, owner)
    now = utcnow()
    canned = CannedResponse(
        shortcut=shortcut,
        content=content,
        scope=scope,
        agent_id=owner,
        created_at=now,
        updated_at=now,
    )
    db.session.add(canned)
    with _shortcut_race(shortcut, owner):
        db.session.flush()
    audit.record(
        principal,
        "canned_response.created",
        f"canned_response:{canned.id}",
        {"shortcut": shortcut, "scope": scope},
    )
    db.session.commit()
    return canned


def update_canned(principal, canned_id, shortcut=None, content=None):
    """Change a response's shortcut or content (its owner, or an admin). Commits."""
    canned = _changeable(principal, canned_id)
    before = {"shortcut": canned.shortcut, "content": canned.content}
    if content is not None:
        _check_content(content)
        canned.content = content
    if shortcut is not None and shortcut != canned.shortcut:
        _require_free_shortcut(shortcut, canned.agent_id, other_than=canned.id)
        canned.shortcut = shortcut
    changed = audit.changes(before, {"shortcut": canned.shortcut, "content": canned.content})
    if changed:
        canned.updated_at = utcnow()
        audit.record(
            principal,
            "canned_response.updated",
            f"canned_response:{canned.id}",
            {"scope": canned.scope, "changes": changed},
        )
        with _shortcut_race(canned.shortcut, canned.agent_id, other_than=canned.id):
            db.session.commit()
    return canned


def delete_canned(principal, canned_id):
    """Delete a response (its owner, or an admin). Commits."""
    canned = _changeable(principal, canned_id)
    audit.record(
        principal,
        "canned_response.deleted",
        f"canned_response:{canned.id}",
        {"shortcut": canned.shortcut, "scope": canned.scope},
    )
    db.session.delete(canned)
    db.session.commit()


def _changeable(principal, canned_id):
    canned = db.session.get(CannedResponse, canned_id)
    hidden = canned is not None and canned.scope == PERSONAL and canned.agent_id != principal.id
    if canned is None or (hidden and not principal.is_admin):
        raise NotFound("No such canned response.", code="canned_response_not_found")
    if canned.scope == TEAM and not principal.is_admin:
        raise Forbidden("Only administrators change the team's canned responses.")
    return canned


def _check_content(content):
    """A response is sent as a message: blank text or more than a message holds is refused
    now, not when an agent tries to send it."""
    if not content.strip():
        raise InvalidPayload("'content': must not be only spaces.", code="invalid_field")
    limit = current_app.config["MAX_MESSAGE_CHARS"]
    if len(content) > limit:
        raise InvalidPayload(
            f"'content': a canned response may hold at most {limit} characters.",
            code="invalid_field",
        )


def _require_free_shortcut(shortcut, owner, other_than=None):
    """One shortcut per owner (an agent, or None for the team), whatever its case."""
    taken = db.session.scalar(
        select(CannedResponse.id).where(
            CannedResponse.scope_key == (TEAM_SCOPE_KEY if owner is None else owner),
            CannedResponse.shortcut_key == shortcut_key(shortcut),
            CannedResponse.id != (other_than or 0),
        )
    )
    if taken is not None:
        raise Conflict(
            f"The shortcut {shortcut!r} is taken in this scope.",
            code="duplicate_shortcut",
            field="shortcut",
        )


@contextmanager
def _shortcut_race(shortcut, owner, other_than=None):
    """Turn the database's unique constraint into the check's own 409, for the write that
    lost a race with another taking the same shortcut after the check passed."""
    try:
        yield
    except IntegrityError:
        db.session.rollback()
        # The winner has committed: the check now sees it. Any other violation stays as is.
        _require_free_shortcut(shortcut, owner, other_than)
        raise
