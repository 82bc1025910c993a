"""The identity-verification secret (kefu/settings/identity.py, GET/POST
/api/settings/identity-secret): generated in the console and shown once, the environment's
as the default, rotation with an overlap, never in a settings answer or the audit log."""

import json
from datetime import timedelta

import pytest

from kefu import create_app
from kefu.chat.credentials import user_hash
from kefu.extensions import db
from kefu.models import Setting
from kefu.settings import identity
from kefu.settings.store import SettingsCache
from kefu.timeutil import utcnow

from .rest import bearer, login

URL = "/api/settings/identity-secret"
ENV_SECRET = "idsec"  # tests/conftest.py's KEFU_IDENTITY_SECRET


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def admin(client, make_agent):
    return bearer(login(client, make_agent(role="admin")).get_json()["access_token"])


def signs_in(client, secret, user_id="user-7"):
    """The status of a visitor auth with a user_hash signed by `secret`."""
    body = {"user_id": user_id, "user_hash": user_hash(secret, user_id)}
    return client.post("/api/visitor/auth", json=body).status_code


def rotate(client, admin):
    response = client.post(URL, headers=admin)
    assert response.status_code == 201
    return response.get_json()


def test_the_environments_secret_is_the_default(client, admin):
    """Before any is generated, the answer describes KEFU_IDENTITY_SECRET (its last four
    characters only) and user_hash is checked against it."""
    assert client.get(URL, headers=admin).get_json() == {
        "set": True,
        "source": "environment",
        "set_at": None,
        "last4": ENV_SECRET[-4:],
        "previous_valid_until": None,
    }
    assert signs_in(client, ENV_SECRET) == 200


def test_no_secret_at_all(app, client, admin):
    """Neither generated nor in the environment: not set, and identified users are off."""
    app.config["IDENTITY_SECRET"] = None
    assert client.get(URL, headers=admin).get_json()["set"] is False
    response = client.post(
        "/api/visitor/auth", json={"user_id": "u", "user_hash": user_hash("x", "u")}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "identity_disabled"


def test_a_generated_secret_is_shown_once_and_the_old_one_overlaps(client, admin):
    """The answer to POST holds the secret; the one it replaced (here the environment's)
    stays valid for 24 hours beside it; afterwards GET only describes it."""
    before = utcnow()
    shown = rotate(client, admin)
    secret = shown["secret"]
    assert secret.startswith("kefu_id_") and len(secret) > 40
    assert shown["source"] == "console" and shown["last4"] == secret[-4:]
    until = shown["previous_valid_until"]
    assert until is not None
    until_naive = identity._stamp(until)
    assert before + timedelta(hours=24) <= until_naive <= utcnow() + timedelta(hours=24)
    described = client.get(URL, headers=admin).get_json()
    assert "secret" not in described
    assert described == {k: v for k, v in shown.items() if k != "secret"}
    assert signs_in(client, secret) == 200
    assert signs_in(client, ENV_SECRET) == 200  # the overlap
    assert signs_in(client, "something else") == 401


def test_the_replaced_secret_stops_after_the_overlap(app, client, admin):
    """Once previous_until has passed only the new secret verifies, and GET stops naming
    an overlap."""
    secret = rotate(client, admin)["secret"]
    row = db.session.get(Setting, identity.ROW_KEY)
    row.value = {**row.value, "previous_until": "2020-01-01T00:00:00.000Z"}
    db.session.commit()
    app.extensions[identity.EXTENSION_KEY].clear()
    assert signs_in(client, ENV_SECRET) == 401
    assert signs_in(client, secret) == 200
    assert client.get(URL, headers=admin).get_json()["previous_valid_until"] is None


def test_a_second_rotation_drops_the_first_secret(client, admin):
    """Only the newest secret and the one it replaced verify."""
    first = rotate(client, admin)["secret"]
    second = rotate(client, admin)["secret"]
    third = rotate(client, admin)["secret"]
    assert len({first, second, third}) == 3
    assert [signs_in(client, s) for s in (first, second, third, ENV_SECRET)] == [
        401,
        200,
        200,
        401,
    ]


def test_the_secret_is_in_no_other_answer(client, admin):
    """Neither GET /api/settings nor the audit log ever holds it; the audit entry says what
    happened, with the last four characters only."""
    secret = rotate(client, admin)["secret"]
    settings = client.get("/api/settings", headers=admin)
    log = client.get("/api/audit-log", headers=admin)
    for response in (settings, log, client.get(URL, headers=admin)):
        assert response.status_code == 200
        assert secret not in response.get_data(as_text=True)
        assert secret[:-4] not in response.get_data(as_text=True)
    entry = log.get_json()["data"][0]
    assert entry["action"] == "identity_secret.rotated"
    assert entry["target"] == "settings:identity_secret"
    assert entry["details"]["replaced"] == "environment"
    assert entry["details"]["last4"] == secret[-4:]
    assert "identity_secret" not in settings.get_json()
    stored = json.dumps(db.session.get(Setting, identity.ROW_KEY).value)
    assert secret in stored  # kept as it is: it has to be, to check an HMAC


def test_another_worker_uses_a_rotation_within_its_cache(app, client, admin):
    """Another app on the same database stands for another worker: it keeps its cached
    read for at most a second, then verifies with the new secret."""
    other = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "IDENTITY_SECRET": ENV_SECRET,
        },
    )
    clock = FakeClock()
    other.extensions[identity.EXTENSION_KEY] = SettingsCache(clock=clock)
    other_client = other.test_client()
    assert signs_in(other_client, ENV_SECRET) == 200
    second = rotate(client, admin)["secret"]  # on this worker
    assert signs_in(other_client, second) == 401  # still the cached read
    clock.now += 1.0
    assert signs_in(other_client, second) == 200
    with other.app_context():
        db.engine.dispose()
