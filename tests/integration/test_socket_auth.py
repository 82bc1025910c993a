"""Socket connects are gated by the token in the connect `auth` payload."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from .clients import try_connect
from .server import SECRET_KEY

pytestmark = pytest.mark.integration


def forged_token(secret, kind="visitor", subject="v_forged", expires_in=3600):
    """A JWT shaped like the server's, signed with `secret`."""
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "kind": kind,
        "type": "access",
        "fresh": False,
        "jti": "forged",
        "iat": now - timedelta(hours=2),
        "nbf": now - timedelta(hours=2),
        "exp": now + timedelta(seconds=expires_in),
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def api_key(server):
    body = server.api.expect(
        "POST", "/api/api-keys", 201, token=server.admin.access_token, json={"name": "it refused"}
    )
    return body["key"]


# label: (namespace, the connect auth made from the server and a fresh visitor, error code)
REFUSALS = {
    "no auth": ("/visitor", lambda s, v: None, "token_missing"),
    "auth without token": ("/visitor", lambda s, v: {"tok": v.token}, "token_missing"),
    "garbage token": ("/visitor", lambda s, v: {"token": "garbage"}, "token_invalid"),
    "token signed elsewhere": (
        "/visitor",
        lambda s, v: {"token": forged_token("another-secret-" + "x" * 40, subject=v.visitor_id)},
        "token_invalid",
    ),
    "expired visitor token": (
        "/visitor",
        lambda s, v: {"token": forged_token(SECRET_KEY, subject=v.visitor_id, expires_in=-60)},
        "token_invalid",
    ),
    "visitor token on /agent": ("/agent", lambda s, v: {"token": v.token}, "token_wrong_kind"),
    "agent token on /visitor": (
        "/visitor",
        lambda s, v: {"token": s.agents[0].access_token},
        "token_wrong_kind",
    ),
    "agent refresh token on /agent": (
        "/agent",
        lambda s, v: {"token": s.agents[0].refresh_token},
        "token_wrong_kind",
    ),
    "API key on /agent": ("/agent", lambda s, v: {"token": api_key(s)}, "token_wrong_kind"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_connect_is_refused_and_the_server_keeps_serving(server, make_visitor, connect, case):
    """Each bad credential is refused with a connect_error carrying a readable message (and
    the credential error code); the server serves on."""
    namespace, auth, code = REFUSALS[case]
    visitor = make_visitor()
    error, connect_errors = try_connect(server.base_url, namespace, auth(server, visitor))
    assert error is not None, f"{case}: the connection was accepted"
    assert len(connect_errors) == 1, connect_errors
    data = connect_errors[0]
    assert isinstance(data, dict), data
    message = data.get("message")
    assert isinstance(message, str) and message, data
    assert not message.startswith("{") and code not in message, f"not human-readable: {data}"
    # kefu/sockets/session.py: {"message": ..., "data": {"code": ...}}
    assert data.get("data") == {"code": code}, data

    assert server.api.get("/healthz").json() == {"status": "ok"}
    tab = connect(visitor)
    assert tab.sync() == {"ok": True, "conversation": None, "messages": []}
    desk = connect(server.agents[1])
    assert desk.connected


def test_a_forged_agent_token_with_the_right_secret_is_accepted(server, connect):
    """Control for the forged tokens above: the same forgery with the server's secret and a
    future expiry connects, so their refusals come from the signature and expiry checks."""
    agent = server.agents[1]
    token = forged_token(SECRET_KEY, kind="agent", subject=str(agent.id))
    peer = connect(type(agent)(**{**agent.__dict__, "access_token": token}))
    assert peer.connected
    assert peer.call("status", {"status": "online"})["agent"]["id"] == agent.id
