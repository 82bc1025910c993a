"""POST /api/visitor/auth: anonymous visitors, resuming them, identified users."""

import hashlib
import hmac
import secrets

import pytest

from .clients import assert_error
from .server import IDENTITY_SECRET

pytestmark = pytest.mark.integration

AUTH = "/api/visitor/auth"


def user_hash(user_id, secret=IDENTITY_SECRET):
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def test_new_anonymous_visitor(server):
    """No identity: a new visitor with an unguessable id, a secret, a token, the socket."""
    first = server.api.expect("POST", AUTH, 200, json={})
    second = server.api.expect("POST", AUTH, 200)  # no body at all
    for body in (first, second):
        assert body["visitor_id"].startswith("v_") and len(body["visitor_id"]) >= 20
        assert len(body["visitor_secret"]) >= 32
        assert body["token"] and body["expires_in"] == 86400
        assert body["socket"] == {"path": "/socket.io", "namespace": "/visitor"}
    assert first["visitor_id"] != second["visitor_id"]
    assert first["visitor_secret"] != second["visitor_secret"]


def test_resume_with_the_right_secret(server):
    """visitor_id + visitor_secret: the same visitor, and no new secret."""
    created = server.api.expect("POST", AUTH, 200, json={"name": "Mei"})
    resumed = server.api.expect(
        "POST",
        AUTH,
        200,
        json={"visitor_id": created["visitor_id"], "visitor_secret": created["visitor_secret"]},
    )
    assert resumed["visitor_id"] == created["visitor_id"]
    assert "visitor_secret" not in resumed
    assert resumed["token"]
    # The new token is this visitor's: it reads this visitor's history and no one else's.
    own = server.api.get(
        "/api/messages/history",
        token=resumed["token"],
        params={"visitor_id": created["visitor_id"]},
    )
    assert own.status_code == 200, own.text


def test_a_visitor_id_cannot_be_claimed_without_its_secret(server):
    """Wrong secret, no secret, or an unknown id: 401 with one and the same error."""
    created = server.api.expect("POST", AUTH, 200, json={})
    attempts = {
        "wrong secret": {"visitor_id": created["visitor_id"], "visitor_secret": "x" * 43},
        "no secret": {"visitor_id": created["visitor_id"]},
        "unknown id": {"visitor_id": "v_" + secrets.token_urlsafe(18), "visitor_secret": "x" * 43},
        "another's secret": {
            "visitor_id": created["visitor_id"],
            "visitor_secret": server.api.expect("POST", AUTH, 200)["visitor_secret"],
        },
    }
    errors = {}
    for label, body in attempts.items():
        response = server.api.post(AUTH, json=body)
        assert_error(response, 401, "invalid_visitor_secret")
        assert "token" not in response.json(), label
        errors[label] = response.json()
    assert len({repr(e) for e in errors.values()}) == 1, errors


def test_identified_user_with_a_valid_hash(server):
    """user_id + hex HMAC-SHA256(identity secret, user_id): 200, the same visitor every time."""
    user_id = "customer-" + secrets.token_hex(4)
    good = {"user_id": user_id, "user_hash": user_hash(user_id), "name": "Known Customer"}
    first = server.api.expect("POST", AUTH, 200, json=good)
    second = server.api.expect("POST", AUTH, 200, json=good)
    upper = server.api.expect(
        "POST", AUTH, 200, json={**good, "user_hash": good["user_hash"].upper()}
    )
    assert first["visitor_id"] == second["visitor_id"] == upper["visitor_id"]
    assert first["visitor_id"].startswith("v_")
    assert "visitor_secret" not in first and "visitor_secret" not in second

    other = "customer-" + secrets.token_hex(4)
    someone_else = server.api.expect(
        "POST", AUTH, 200, json={"user_id": other, "user_hash": user_hash(other)}
    )
    assert someone_else["visitor_id"] != first["visitor_id"]


@pytest.mark.parametrize(
    "make_hash",
    [
        lambda user_id: user_hash(user_id, secret="not-the-identity-secret"),
        lambda user_id: user_hash(user_id + "x"),
        lambda user_id: "",
        lambda user_id: None,
    ],
    ids=["other secret", "other user", "empty", "missing"],
)
def test_identified_user_with_a_wrong_hash(server, make_hash):
    """A user_hash that does not match user_id: 401, no token."""
    user_id = "customer-" + secrets.token_hex(4)
    body = {"user_id": user_id}
    if make_hash(user_id) is not None:
        body["user_hash"] = make_hash(user_id)
    response = server.api.post(AUTH, json=body)
    assert_error(response, 401, "invalid_user_hash")


def test_a_wrong_hash_does_not_reach_an_existing_user(server):
    """Knowing a user_id whose visitor exists is not enough."""
    user_id = "customer-" + secrets.token_hex(4)
    server.api.expect("POST", AUTH, 200, json={"user_id": user_id, "user_hash": user_hash(user_id)})
    response = server.api.post(AUTH, json={"user_id": user_id, "user_hash": "0" * 64})
    assert_error(response, 401, "invalid_user_hash")


def test_unknown_skill_group(server):
    """A skill_group that does not exist: 400 unknown_skill_group; a known one is accepted."""
    response = server.api.post(AUTH, json={"skill_group": "no-such-group-" + secrets.token_hex(3)})
    assert_error(response, 400, "unknown_skill_group")
    known = server.api.post(AUTH, json={"skill_group": server.idle_group})
    assert known.status_code == 200, known.text
