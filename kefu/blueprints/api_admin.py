"""Administration REST: agents, skill groups, API keys, trusted visitor fields."""

import os

from flask import Blueprint, g, jsonify

from .. import patches
from ..chat import agents as agent_service
from ..chat.apikeys import api_key_dict, create_api_key, list_api_keys, revoke_api_key
from ..chat.visitors import update_user, update_visitor
from ..errors import InvalidPayload
from ..extensions import socketio
from ..runtime.heap import runtime_report
from ..schemas import AgentCreateIn, AgentUpdateIn, ApiKeyIn, SkillGroupIn, VisitorUpdateIn
from ..serializers import directory_view, public_agents, visitor_dict
from ..timeutil import isoformat
from .common import documented, json_body, requires

bp = Blueprint("api_admin", __name__, url_prefix="/api")

admin_only = requires("agent", admin=True)


def skill_group_dict(group):
    return {"id": group.id, "name": group.name, "created_at": isoformat(group.created_at)}


@bp.get("/agents")
@admin_only
def list_agents():
    """Every agent, with live status and load."""
    return jsonify({"data": public_agents(agent_service.list_agents())})


@bp.get("/agents/directory")
@requires("agent")
def agent_directory():
    """Every active agent's name, live status, load and skills, and every skill group: the
    transfer targets any agent may pick from."""
    active = [a for a in agent_service.list_agents() if a.active]
    return jsonify(
        {
            "data": [directory_view(a) for a in public_agents(active)],
            "skill_groups": [s.name for s in agent_service.list_skill_groups()],
        }
    )


@bp.post("/agents")
@admin_only
@documented(body=AgentCreateIn, status=201)
def create_agent():
    """Create an agent (and any skill group it names)."""
    data = json_body(AgentCreateIn)
    agent = agent_service.create_agent(
        data.email,
        data.password,
        data.name,
        data.skills,
        data.max_concurrent,
        data.role,
        actor=g.principal,
    )
    return jsonify(agent_service.public_agent(agent)), 201


@bp.patch("/agents/<id:agent_id>")
@admin_only
@documented(body=AgentUpdateIn)
def update_agent(agent_id):
    """Change name, skills, max_concurrent, role or password; `active` false deactivates,
    true reactivates."""
    data = json_body(AgentUpdateIn)
    agent = agent_service.update_agent(agent_id, data, actor=g.principal)
    return jsonify(agent_service.public_agent(agent))


@bp.delete("/agents/<id:agent_id>")
@admin_only
@documented(status=204)
def delete_agent(agent_id):
    """Deactivate an agent (history stays): its tokens are refused at once, its sockets
    close, its open conversations go back to the queue."""
    agent_service.deactivate_agent(agent_id, acting_agent_id=g.principal.id, actor=g.principal)
    return "", 204


@bp.get("/skill-groups")
@requires("agent", roles=("supervisor", "admin"))
def list_skill_groups():
    """Every skill group (supervisors read it too: the reports filter by group)."""
    return jsonify({"data": [skill_group_dict(s) for s in agent_service.list_skill_groups()]})


@bp.post("/skill-groups")
@admin_only
@documented(body=SkillGroupIn, status=201)
def create_skill_group():
    """Create a skill group."""
    data = json_body(SkillGroupIn)
    return jsonify(skill_group_dict(agent_service.create_skill_group(data.name))), 201


@bp.delete("/skill-groups/<name>")
@admin_only
@documented(status=204)
def delete_skill_group(name):
    """Delete a skill group (agents lose that skill)."""
    agent_service.delete_skill_group(name)
    return "", 204


@bp.get("/api-keys")
@admin_only
def list_keys():
    """Every API key (never the key itself)."""
    return jsonify({"data": [api_key_dict(k) for k in list_api_keys()]})


@bp.post("/api-keys")
@admin_only
@documented(body=ApiKeyIn, status=201)
def create_key():
    """Create an API key; the response holds the key, shown this once."""
    data = json_body(ApiKeyIn)
    api_key, key = create_api_key(data.name, actor=g.principal)
    return jsonify({**api_key_dict(api_key), "key": key}), 201


@bp.delete("/api-keys/<id:key_id>")
@admin_only
def revoke_key(key_id):
    """Revoke an API key at once."""
    return jsonify(api_key_dict(revoke_api_key(key_id, actor=g.principal)))


def trusted_visitor_dict(visitor):
    trusted = {
        "priority": visitor.priority,
        "skill_group": visitor.skill_group,
        "user_id": visitor.user_id,
    }
    return {**visitor_dict(visitor), **trusted}


@bp.patch("/visitors/<visitor_id>")
@requires("agent", "api_key", admin=True)
@documented(body=VisitorUpdateIn)
def patch_visitor(visitor_id):
    """Set a visitor's priority, routing group or profile (admin or API key only)."""
    return jsonify(trusted_visitor_dict(update_visitor(visitor_id, json_body(VisitorUpdateIn))))


@bp.patch("/users/<user_id>")
@requires("agent", "api_key", admin=True)
@documented(body=VisitorUpdateIn)
def patch_user(user_id):
    """Set an identified user's priority, group or profile by your own user_id (admin or API
    key); the record is created if the user has not chatted yet."""
    if len(user_id) > 128:
        raise InvalidPayload("user_id may hold at most 128 characters.", code="invalid_field")
    return jsonify(trusted_visitor_dict(update_user(user_id, json_body(VisitorUpdateIn))))


@bp.get("/admin/runtime")
@admin_only
def runtime():
    """This worker process: its open sockets and its garbage collector (frozen heap)."""
    eio = getattr(socketio.server, "eio", None)
    return jsonify(
        {
            "pid": os.getpid(),
            "engineio_sockets": len(eio.sockets) if eio is not None else 0,
            "gc": runtime_report(),
            # {library: "patched" | "unpatched: why" | "not used by this server"}
            "patches": patches.installed(),
        }
    )
