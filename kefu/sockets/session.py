"""Who a socket is: verified at connect, kept in python-socketio's per-socket session."""

from flask import request
from flask_socketio import ConnectionRefusedError

from ..chat.principals import Principal
from ..errors import KefuError, Unauthorized
from ..extensions import db, socketio
from ..models import Agent
from ..tokens import principal_from_token


def authenticate_connect(auth, kind):
    """Return the principal for a connect `auth` payload, or refuse the connection."""
    token = auth.get("token") if isinstance(auth, dict) else None
    try:
        if token is None:
            raise Unauthorized('Connect with auth {"token": "<JWT>"}.', code="token_missing")
        principal = principal_from_token(token, kinds=(kind,))
    except KefuError as exc:
        db.session.rollback()
        raise ConnectionRefusedError({"message": exc.message, "code": exc.code}) from None
    socketio.server.save_session(
        request.sid, {"kind": principal.kind, "id": principal.id}, namespace=request.namespace
    )
    return principal


def current_principal():
    """The principal of the socket whose event is being handled."""
    saved = socketio.server.get_session(request.sid, namespace=request.namespace)
    if saved.get("kind") != "agent":
        return Principal("visitor", saved["id"])
    # Reloaded per event: a demoted or deleted agent loses its rights at once.
    agent = db.session.get(Agent, saved["id"])
    if agent is None:
        raise Unauthorized("That agent no longer exists.", code="token_invalid")
    return Principal("agent", agent.id, agent.name, agent.is_admin)
