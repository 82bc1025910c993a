"""Agents and skill groups: accounts, login, presence changes that move the queue."""

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..dispatch import publishing, router
from ..errors import Conflict, Forbidden, InvalidCredentials, NotFound
from ..events.sink import current_sink
from ..extensions import db
from ..models import Agent, Conversation, SkillGroup, Visitor
from ..serializers import public_agent
from ..state import current_state
from ..timeutil import utcnow
from . import audit
from .agent_loss import announce_requeued, requeue_agent_conversations
from .credentials import hash_password, verify_password


def get_agent(agent_id):
    agent = db.session.get(Agent, agent_id)
    if agent is None:
        raise NotFound("No such agent.", code="agent_not_found")
    return agent


def ensure_skill_groups(names):
    """Return the SkillGroup rows for `names`, creating the missing ones."""
    groups = []
    for name in dict.fromkeys(names):
        group = db.session.scalar(select(SkillGroup).where(SkillGroup.name == name))
        if group is None:
            group = SkillGroup(name=name)
            db.session.add(group)
        groups.append(group)
    return groups


def create_agent(email, password, name, skills=(), max_concurrent=5, role="agent", actor=None):
    """Create an agent (and any skill group it names), audited as `actor`'s. Commits."""
    agent = Agent(
        email=email.strip().lower(),
        name=name,
        password_hash=hash_password(password),
        role=role,
        max_concurrent=max_concurrent,
        load=0,
    )
    agent.skills = ensure_skill_groups(skills)
    db.session.add(agent)
    try:
        db.session.flush()
        audit.record(actor, "agent.created", f"agent:{agent.id}", _audited(agent))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            "An agent with that email exists.", code="email_taken", field="email"
        ) from None
    return agent


def authenticate_agent(email, password):
    """Return the agent for these credentials; one answer for every wrong email or
    password, and a deactivated account said so only to whoever knows its password."""
    agent = db.session.scalar(select(Agent).where(Agent.email == email.strip().lower()))
    if not verify_password(agent.password_hash if agent else None, password):
        raise InvalidCredentials()
    if not agent.active:
        raise Forbidden(
            "This account was deactivated; ask your administrator.", code="agent_deactivated"
        )
    return agent


def update_agent(agent_id, data, actor=None):
    """Change an agent's profile, skills, capacity, role or password, audited as `actor`'s.
    Commits."""
    agent = get_agent(agent_id)
    if data.active is False and actor is not None and actor.id == agent.id:
        raise Conflict("You cannot deactivate yourself.", code="cannot_delete_self")
    before = _audited(agent)
    if data.name is not None:
        agent.name = data.name
    if data.password is not None:
        agent.password_hash = hash_password(data.password)
        agent.token_version += 1  # every token issued before is refused from now on
    if data.role is not None:
        if agent.is_admin and data.role != "admin" and not _other_admins(agent.id):
            raise Conflict(
                "This is the last administrator: make someone else one first.",
                code="last_admin",
            )
        agent.role = data.role
    if data.skills is not None:
        agent.skills = ensure_skill_groups(data.skills)
    raised = data.max_concurrent is not None and data.max_concurrent > agent.max_concurrent
    if data.max_concurrent is not None:
        agent.max_concurrent = data.max_concurrent
    reactivated = data.active is True and not agent.active
    if reactivated:
        agent.deactivated_at = None
        audit.record(actor, "agent.reactivated", f"agent:{agent.id}")
    _record_update(actor, agent, before, password_changed=data.password is not None)
    db.session.commit()
    current_sink().agent_changed(public_agent(agent))
    if data.password is not None:
        current_sink().agent_sessions_ended(agent.id)
    if raised or data.skills is not None:
        router.drain_queue()
    if data.active is False:  # after the other changes, so each keeps its audit entry
        agent = deactivate_agent(agent_id, actor.id if actor else None, actor)
    return agent


def _audited(agent):
    """What the audit log keeps of an agent (never its password)."""
    return {
        "email": agent.email,
        "name": agent.name,
        "role": agent.role,
        "skills": sorted(group.name for group in agent.skills),
        "max_concurrent": agent.max_concurrent,
    }


def _record_update(actor, agent, before, password_changed):
    """One entry per kind of change: role and password changes stand out in the log."""
    target = f"agent:{agent.id}"
    changed = audit.changes(before, _audited(agent))
    role = changed.pop("role", None)
    if role is not None:
        audit.record(actor, "agent.role_changed", target, role)
    if password_changed:
        audit.record(actor, "agent.password_changed", target)
    if changed:
        audit.record(actor, "agent.updated", target, {"changes": changed})


def _other_admins(agent_id):
    return db.session.scalar(
        select(func.count()).where(
            Agent.role == "admin", Agent.id != agent_id, Agent.deactivated_at.is_(None)
        )
    )


def deactivate_agent(agent_id, acting_agent_id=None, actor=None):
    """Deactivate an agent, audited as `actor`'s: its tokens are refused at once (the token
    version moves), its sockets end, its open conversations go back to the head of the
    queue now rather than after the grace period. Its history stays. Commits."""
    agent = get_agent(agent_id)
    if agent.id == acting_agent_id:
        raise Conflict("You cannot deactivate yourself.", code="cannot_delete_self")
    if not agent.active:
        return agent
    agent.deactivated_at = utcnow()
    agent.token_version += 1
    audit.record(actor, "agent.deactivated", f"agent:{agent.id}", _audited(agent))
    db.session.commit()
    current_sink().agent_sessions_ended(agent.id)
    moved = requeue_agent_conversations(
        agent.id, utcnow(), reason=f"agent {agent.id} deactivated", notice_code="agent_left"
    )
    announce_requeued(agent.id, moved)
    current_sink().agent_changed(public_agent(get_agent(agent_id)))
    router.drain_queue()
    publishing.publish_queue()
    return agent


def list_agents():
    return list(db.session.scalars(select(Agent).order_by(Agent.id)))


def list_skill_groups():
    return list(db.session.scalars(select(SkillGroup).order_by(SkillGroup.name)))


def create_skill_group(name):
    if db.session.scalar(select(SkillGroup.id).where(SkillGroup.name == name)) is not None:
        raise Conflict("That skill group exists.", code="skill_group_exists", field="name")
    group = SkillGroup(name=name)
    db.session.add(group)
    db.session.commit()
    return group


def delete_skill_group(name):
    group = db.session.scalar(select(SkillGroup).where(SkillGroup.name == name))
    if group is None:
        raise NotFound("No such skill group.", code="skill_group_not_found")
    db.session.delete(group)
    # Nobody can hold a deleted skill: what asked for it is routed to anyone instead.
    for model in (Visitor, Conversation):
        db.session.execute(update(model).where(model.skill_group == name).values(skill_group=None))
    db.session.commit()
    router.drain_queue()


def agent_connected(agent_id, sid, away=False):
    """A socket of the agent connected: online, unless it reconnects saying it is away
    (so a reload or a network blip cannot route a chat to an agent on a break)."""
    state = current_state()
    state.add_agent_socket(agent_id, sid)
    state.set_away(agent_id, away)
    current_sink().agent_changed(public_agent(get_agent(agent_id)))
    if not away:
        router.drain_queue()


def agent_disconnected(agent_id, sid):
    """A socket of the agent went away; the last one makes it offline."""
    if current_state().remove_agent_socket(agent_id, sid):
        agent = db.session.get(Agent, agent_id)
        if agent is not None:
            current_sink().agent_changed(public_agent(agent))
        publishing.publish_queue()  # who could answer changed: the waiting visitors hear it


def set_agent_status(agent_id, status):
    """The agent chooses online or away; coming back moves the queue."""
    current_state().set_away(agent_id, status == "away")
    agent = get_agent(agent_id)
    current_sink().agent_changed(public_agent(agent))
    if status == "online":
        router.drain_queue()
    publishing.publish_queue()  # who could answer changed: the waiting visitors hear it
    return agent
