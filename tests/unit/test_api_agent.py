"""REST of blueprints/api_agent.py: login, refresh, /api/me, token refusals, the login limit."""

import pytest

from .rest import bearer, login


def test_login_same_answer_for_unknown_email_and_wrong_password(client, make_agent):
    agent = make_agent()
    wrong = login(client, agent, "nope")
    unknown = client.post("/api/agent/login", json={"email": "no@x.io", "password": "pw"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()


def test_login_refresh_me(client, make_agent):
    agent = make_agent(skills=["sales"])
    tokens = login(client, agent).get_json()
    assert tokens["agent"]["skills"] == ["sales"] and tokens["agent"]["status"] == "offline"
    me = client.get("/api/me", headers=bearer(tokens["access_token"])).get_json()
    assert me["id"] == agent.id and me["role"] == "agent" and me["load"] == 0
    refreshed = client.post("/api/agent/refresh", headers=bearer(tokens["refresh_token"]))
    assert refreshed.status_code == 200
    assert (
        client.get("/api/me", headers=bearer(refreshed.get_json()["access_token"])).status_code
        == 200
    )
    # An access token is not a refresh token and vice versa.
    assert (
        client.post("/api/agent/refresh", headers=bearer(tokens["access_token"])).status_code == 401
    )
    assert client.get("/api/me", headers=bearer(tokens["refresh_token"])).status_code == 401


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer x.y.z"}, {"Authorization": "Token abc"}]
)
def test_missing_or_bad_token_is_401(client, headers):
    response = client.get("/api/me", headers=headers)
    assert response.status_code == 401 and response.get_json()["error"]["code"].startswith("token_")


def test_login_rate_limit(app, client, make_agent):
    app.config["RATE_LIMIT_LOGIN"] = "2 per minute"
    agent = make_agent()
    assert [login(client, agent, "wrong").status_code for _ in range(2)] == [401, 401]
    limited = login(client, agent)
    assert limited.status_code == 429 and limited.get_json()["error"]["code"] == "rate_limited"


def test_password_spraying_from_one_ip_is_limited(app, client):
    """Many accounts tried from one address: the per-IP limit stops it, whatever the email
    (the per-account limit alone never did)."""
    app.config["RATE_LIMIT_LOGIN_IP"] = "3 per minute"
    codes = [
        client.post(
            "/api/agent/login", json={"email": f"user{n}@example.com", "password": "x"}
        ).status_code
        for n in range(4)
    ]
    assert codes == [401, 401, 401, 429]
