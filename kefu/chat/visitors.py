"""Visitor identity: anonymous visitors with a secret, identified users with a user_hash."""

from sqlalchemy import select, update

from ..dispatch import publishing
from ..errors import KefuError, NotFound, Unauthorized, UnknownSkillGroup
from ..extensions import db
from ..models import STATUS_QUEUED, Conversation, SkillGroup, Visitor
from ..settings.identity import identity_secrets
from ..timeutil import utcnow
from .credentials import (
    digest,
    digests_match,
    new_secret,
    new_visitor_id,
    user_hash_matches,
)

PROFILE_FIELDS = ("name", "email", "page_url", "referrer", "locale")
MAX_ATTRIBUTES = 50


def authenticate_visitor(data, *, user_agent=None, ip=None):
    """Resolve who the visitor is; return (visitor, new_secret or None). Commits."""
    if data.skill_group is not None and not _skill_group_exists(data.skill_group):
        raise UnknownSkillGroup(f"No skill group named {data.skill_group!r}.")
    secret = None
    if data.user_id is not None:
        visitor = _identified_visitor(data.user_id, data.user_hash)
    elif data.visitor_id is not None:
        visitor = _resumed_visitor(data.visitor_id, data.visitor_secret)
    else:
        secret = new_secret()
        visitor = Visitor(id=new_visitor_id(), secret_hash=digest(secret), priority=0)
        db.session.add(visitor)
    for field in PROFILE_FIELDS:
        value = getattr(data, field)
        if value is not None:
            setattr(visitor, field, value)
    if data.skill_group is not None:
        visitor.skill_group = data.skill_group
    if user_agent:
        visitor.user_agent = user_agent[:512]
    if ip:
        visitor.ip = ip[:64]
    visitor.last_seen_at = utcnow()
    db.session.commit()
    return visitor, secret


def _skill_group_exists(name):
    return db.session.scalar(select(SkillGroup.id).where(SkillGroup.name == name)) is not None


def _identified_visitor(user_id, given_hash):
    accepted = identity_secrets().accepted()
    if not accepted:
        raise KefuError(
            "Identified users are not enabled on this server: generate an identity secret in "
            "the admin console, or set KEFU_IDENTITY_SECRET.",
            code="identity_disabled",
        )
    # Every accepted secret is tried (no early exit), during a rotation's overlap both.
    matches = [user_hash_matches(secret, user_id, given_hash) for secret in accepted]
    if not any(matches):
        raise Unauthorized("user_hash does not match user_id.", code="invalid_user_hash")
    visitor = db.session.scalar(select(Visitor).where(Visitor.user_id == user_id))
    if visitor is None:
        visitor = Visitor(id=new_visitor_id(), user_id=user_id, priority=0)
        db.session.add(visitor)
    return visitor


def _resumed_visitor(visitor_id, visitor_secret):
    visitor = db.session.get(Visitor, visitor_id)
    # The same answer for an unknown id and a wrong secret: ids cannot be probed.
    if visitor is None or not digests_match(visitor_secret or "", visitor.secret_hash):
        raise Unauthorized(
            "visitor_id and visitor_secret do not match.", code="invalid_visitor_secret"
        )
    return visitor


def update_visitor(visitor_id, data):
    """Trusted update (admin or API key) of a visitor: priority, routing group, profile."""
    visitor = db.session.get(Visitor, visitor_id)
    if visitor is None:
        raise NotFound("No such visitor.", code="visitor_not_found")
    return _apply_trusted_fields(visitor, data)


def update_user(user_id, data):
    """Trusted update of an identified user's record, created if they never chatted yet."""
    visitor = db.session.scalar(select(Visitor).where(Visitor.user_id == user_id))
    if visitor is None:
        visitor = Visitor(id=new_visitor_id(), user_id=user_id, priority=0)
        db.session.add(visitor)
    return _apply_trusted_fields(visitor, data)


def _apply_trusted_fields(visitor, data):
    if data.skill_group is not None and not _skill_group_exists(data.skill_group):
        db.session.rollback()
        raise UnknownSkillGroup(f"No skill group named {data.skill_group!r}.")
    for field in ("priority", "skill_group", "name", "email"):
        value = getattr(data, field)
        if value is not None:
            setattr(visitor, field, value)
    requeued = 0
    if data.priority is not None:
        requeued = db.session.execute(
            update(Conversation)
            .where(Conversation.visitor_id == visitor.id, Conversation.status == STATUS_QUEUED)
            .values(priority=data.priority)
            .execution_options(synchronize_session=False)
        ).rowcount
    db.session.commit()
    if requeued:
        publishing.publish_queue()  # a new priority moves the visitor in the line
    return visitor


def update_self(visitor_id, data):
    """A visitor's own profile change (name, email, locale, skill group, attributes); the
    attributes merge, a null value removing its key. Commits; the visitor."""
    if data.skill_group is not None and not _skill_group_exists(data.skill_group):
        raise UnknownSkillGroup(f"No skill group named {data.skill_group!r}.")
    visitor = db.session.get(Visitor, visitor_id)
    if visitor is None:
        raise NotFound("No such visitor.", code="visitor_not_found")
    for field in ("name", "email", "locale", "skill_group"):
        value = getattr(data, field)
        if value is not None:
            setattr(visitor, field, value)
    if data.attributes is not None:
        merged = dict(visitor.attributes or {})
        for key, value in data.attributes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        if len(merged) > MAX_ATTRIBUTES:
            raise KefuError(
                f"A visitor may have at most {MAX_ATTRIBUTES} attributes.", code="invalid_field"
            )
        visitor.attributes = merged  # a new dict: the JSON column sees the change
    db.session.commit()
    return visitor
