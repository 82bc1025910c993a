"""Issue and read tokens: JWTs for visitors and agents, API keys for integrations."""

from datetime import timedelta

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from jwt import PyJWTError
from sqlalchemy import select

from .chat.credentials import API_KEY_PREFIX, digest
from .chat.principals import Principal
from .errors import Unauthorized
from .extensions import db
from .models import Agent, ApiKey


def issue_visitor_token(visitor_id):
    seconds = current_app.config["VISITOR_TOKEN_SECONDS"]
    token = create_access_token(
        identity=visitor_id,
        additional_claims={"kind": "visitor"},
        expires_delta=timedelta(seconds=seconds),
    )
    return token, seconds


def _agent_claims(agent):
    # "ver": tokens issued before the agent's token_version was raised are refused.
    return {"kind": "agent", "ver": agent.token_version}


def issue_agent_access_token(agent):
    return create_access_token(identity=str(agent.id), additional_claims=_agent_claims(agent))


def issue_agent_refresh_token(agent):
    return create_refresh_token(identity=str(agent.id), additional_claims=_agent_claims(agent))


def _claims(token, token_type):
    if not isinstance(token, str) or not token:
        raise Unauthorized("A token is required.", code="token_missing")
    try:
        claims = decode_token(token)
    except PyJWTError as exc:
        raise Unauthorized(f"The token is not valid: {exc}.", code="token_invalid") from None
    except Exception:  # flask-jwt-extended raises its own types for bad claims
        raise Unauthorized("The token is not valid.", code="token_invalid") from None
    if claims.get("type") != token_type:
        raise Unauthorized(f"This needs an agent {token_type} token.", code="token_wrong_kind")
    return claims


def principal_from_token(token, kinds=("visitor", "agent"), token_type="access"):
    """Verify a bearer credential and return who it is, or raise Unauthorized."""
    if isinstance(token, str) and token.startswith(API_KEY_PREFIX):
        if "api_key" not in kinds:
            raise Unauthorized("API keys are not accepted here.", code="token_wrong_kind")
        return _api_key_principal(token)
    claims = _claims(token, token_type)
    kind = claims.get("kind")
    if kind not in kinds:
        wanted = " or ".join(k.replace("_", " ") for k in kinds)
        raise Unauthorized(f"This needs a token of kind: {wanted}.", code="token_wrong_kind")
    if kind == "visitor":
        return Principal("visitor", claims["sub"])
    return agent_principal(int(claims["sub"]), claims.get("ver", 0))


def agent_principal(agent_id, token_version):
    """The principal of an agent token, read afresh: refused once the agent is gone or its
    tokens were revoked (a password change) since this one was issued."""
    agent = db.session.get(Agent, agent_id)
    if agent is None:
        raise Unauthorized("That agent no longer exists.", code="token_invalid")
    if agent.token_version != token_version or not agent.active:
        raise Unauthorized("This session was ended; sign in again.", code="token_revoked")
    return Principal("agent", agent.id, agent.name, agent.is_admin, token_version, agent.role)


def _api_key_principal(key):
    api_key = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == digest(key)))
    if api_key is None or api_key.revoked_at is not None:
        raise Unauthorized("Unknown or revoked API key.", code="token_invalid")
    return Principal("api_key", api_key.id, api_key.name, is_admin=False)
