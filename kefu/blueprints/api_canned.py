"""Canned responses REST: an agent's own and the team's ready-made replies."""

from flask import Blueprint, g, jsonify

from ..chat import canned as canned_service
from ..schemas import CannedResponseIn, CannedResponseUpdateIn
from .common import documented, json_body, requires

bp = Blueprint("api_canned", __name__, url_prefix="/api")

agents_only = requires("agent")


@bp.get("/canned-responses")
@agents_only
def list_canned_responses():
    """The calling agent's personal canned responses and the team's, by shortcut."""
    rows = canned_service.list_canned(g.principal)
    return jsonify({"data": [canned_service.canned_dict(c) for c in rows]})


@bp.post("/canned-responses")
@agents_only
@documented(body=CannedResponseIn, status=201)
def create_canned_response():
    """Create a personal canned response, or (administrators) a team one."""
    data = json_body(CannedResponseIn)
    canned = canned_service.create_canned(g.principal, data.shortcut, data.content, data.scope)
    return jsonify(canned_service.canned_dict(canned)), 201


@bp.patch("/canned-responses/<id:canned_id>")
@agents_only
@documented(body=CannedResponseUpdateIn)
def update_canned_response(canned_id):
    """Change a canned response's shortcut or content (its owner, or an administrator)."""
    data = json_body(CannedResponseUpdateIn)
    canned = canned_service.update_canned(g.principal, canned_id, data.shortcut, data.content)
    return jsonify(canned_service.canned_dict(canned))


@bp.delete("/canned-responses/<id:canned_id>")
@agents_only
@documented(status=204)
def delete_canned_response(canned_id):
    """Delete a canned response (its owner, or an administrator)."""
    canned_service.delete_canned(g.principal, canned_id)
    return "", 204
