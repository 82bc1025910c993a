"""Who a socket is: verified at connect, kept with the connection, keyed by namespace.

The identity lives in the connection's WSGI environ (freed with the connection), so
that it works the same under the real server and Flask-SocketIO's test client.
"""

from flask import request
from flask_socketio import ConnectionRefusedError

from ..chat.principals import Principal
from ..errors import KefuError, Unauthorized
from ..extensions import db
from ..tokens import agent_principal, principal_from_token

ENVIRON_KEY = "kefu.identities"


def authenticate_connect(auth, kind):
    """Return the principal for a connect `auth` payload, or refuse the connection."""
    token = auth.get("token") if isinstance(auth, dict) else None
    try:
        if token is None:
            raise Unauthorized('Connect with auth {"token": "<JWT>"}.', code="token_missing")
        principal = principal_from_token(token, kinds=(kind,))
    except KefuError as exc:
        db.session.rollback()
        # The client's connect_error carries {"message": …, "data": {"code": …}}.
        raise ConnectionRefusedError(exc.message, {"code": exc.code}) from None
    identities = request.environ.setdefault(ENVIRON_KEY, {})
    identities[request.namespace] = {
        "kind": principal.kind,
        "id": principal.id,
        "ver": principal.token_version,
    }
    return principal


def socket_identity():
    """The {"kind", "id"} saved at connect for this socket's namespace (None if none)."""
    return request.environ.get(ENVIRON_KEY, {}).get(request.namespace)


def current_principal():
    """The principal of the socket whose event is being handled."""
    saved = socket_identity()
    if saved is None:
        raise Unauthorized("This socket is not authenticated.", code="token_missing")
    if saved["kind"] != "agent":
        return Principal("visitor", saved["id"])
    # Reloaded per event: a demoted, deleted or revoked agent loses its rights at once.
    return agent_principal(saved["id"], saved.get("ver", 0))
