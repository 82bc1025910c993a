"""Agent REST: log in, refresh, who am I."""

from flask import Blueprint, g, jsonify, request

from ..chat.agents import authenticate_agent, get_agent, public_agent
from ..ratelimit import enforce
from ..schemas import LoginIn
from ..tokens import issue_agent_access_token, issue_agent_refresh_token
from .common import documented, json_body, requires

bp = Blueprint("api_agent", __name__, url_prefix="/api")


@bp.post("/agent/login")
@documented(body=LoginIn)
def login_agent():
    """Exchange email and password for an access and a refresh token."""
    data = json_body(LoginIn)
    enforce("RATE_LIMIT_LOGIN_IP", request.remote_addr)
    enforce("RATE_LIMIT_LOGIN", request.remote_addr, data.email.strip().lower())
    agent = authenticate_agent(data.email, data.password)
    return jsonify(
        {
            "access_token": issue_agent_access_token(agent),
            "refresh_token": issue_agent_refresh_token(agent),
            "agent": public_agent(agent),
        }
    )


@bp.post("/agent/refresh")
@requires("agent", token_type="refresh")
def refresh_agent_token():
    """Exchange a refresh token (as Bearer) for a new access token."""
    return jsonify({"access_token": issue_agent_access_token(get_agent(g.principal.id))})


@bp.get("/me")
@requires("agent")
def get_me():
    """The agent the token belongs to."""
    return jsonify(public_agent(get_agent(g.principal.id)))
