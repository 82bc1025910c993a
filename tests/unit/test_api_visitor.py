"""REST of blueprints/api_visitor.py: visitor auth, identified users, history, priority."""

import pytest

from kefu.chat.credentials import user_hash
from kefu.extensions import db
from kefu.models import Visitor
from tests.factories import visitor_says

from .rest import bearer, count, login


def test_anonymous_visitor_auth_and_resume(client):
    first = client.post("/api/visitor/auth", json={"name": "Vera", "locale": "zh-CN"})
    body = first.get_json()
    assert first.status_code == 200 and body["visitor_id"].startswith("v_")
    assert body["socket"] == {"path": "/socket.io", "namespace": "/visitor"}
    assert body["expires_in"] == 86400 and body["visitor_secret"]
    again = client.post(
        "/api/visitor/auth",
        json={"visitor_id": body["visitor_id"], "visitor_secret": body["visitor_secret"]},
    ).get_json()
    assert again["visitor_id"] == body["visitor_id"] and "visitor_secret" not in again


def test_empty_body_creates_an_anonymous_visitor(client):
    response = client.post("/api/visitor/auth")
    assert response.status_code == 200 and response.get_json()["visitor_secret"]


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"visitor_id": "KNOWN"}, 401, "invalid_visitor_secret"),
        ({"visitor_id": "KNOWN", "visitor_secret": "wrong"}, 401, "invalid_visitor_secret"),
        ({"visitor_id": "v_unknown", "visitor_secret": "x"}, 401, "invalid_visitor_secret"),
        ({"user_id": "u1", "user_hash": "00"}, 401, "invalid_user_hash"),
        ({"user_id": "u1"}, 401, "invalid_user_hash"),
        ({"skill_group": "nope"}, 400, "unknown_skill_group"),
        ({"name": 5}, 400, "invalid_field"),
        ([1, 2], 400, "invalid_payload"),
    ],
)
def test_visitor_auth_refusals_create_nothing(client, body, status, code):
    known = client.post("/api/visitor/auth", json={}).get_json()
    if isinstance(body, dict) and body.get("visitor_id") == "KNOWN":
        body = {**body, "visitor_id": known["visitor_id"]}
    before = count(Visitor)
    response = client.post("/api/visitor/auth", json=body)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert count(Visitor) == before


def test_invalid_json_body(client):
    response = client.post(
        "/api/visitor/auth", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


def test_identified_user_keeps_one_visitor(client):
    digest = user_hash("idsec", "user-42")
    one = client.post("/api/visitor/auth", json={"user_id": "user-42", "user_hash": digest})
    two = client.post("/api/visitor/auth", json={"user_id": "user-42", "user_hash": digest.upper()})
    assert one.status_code == two.status_code == 200
    assert one.get_json()["visitor_id"] == two.get_json()["visitor_id"]
    assert "visitor_secret" not in one.get_json()


def test_identified_users_disabled_without_a_secret(app, client):
    app.config["IDENTITY_SECRET"] = None
    response = client.post("/api/visitor/auth", json={"user_id": "u", "user_hash": "x"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "identity_disabled"


def test_history_access_rules(client, make_agent, visitor_token, make_visitor):
    mine, other = make_visitor(), make_visitor()
    url = f"/api/messages/history?visitor_id={mine.id}"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=bearer(visitor_token(other))).status_code == 403
    assert client.get(url, headers=bearer(visitor_token(mine))).get_json() == {
        "data": [],
        "total": 0,
        "page": 1,
        "per_page": 20,
    }
    agent_tokens = login(client, make_agent()).get_json()
    assert client.get(url, headers=bearer(agent_tokens["access_token"])).status_code == 200


@pytest.mark.parametrize(
    "query", ["page=0", "page=-1", "page=abc", "per_page=0", "per_page=101", "per_page=1.5"]
)
def test_history_bad_paging(client, make_visitor, visitor_token, query):
    visitor = make_visitor()
    response = client.get(
        f"/api/messages/history?visitor_id={visitor.id}&{query}",
        headers=bearer(visitor_token(visitor)),
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_paging"


def test_anonymous_visitor_cannot_set_its_own_priority(client):
    """priority comes only from trusted sources: the auth body's priority is ignored."""
    body = client.post("/api/visitor/auth", json={"priority": 99}).get_json()
    assert db.session.get(Visitor, body["visitor_id"]).priority == 0


def test_trusted_priority_for_an_identified_user(app, client, make_agent):
    """An API key sets a user's priority before they chat; their conversation carries it."""
    from kefu.chat.principals import Principal

    admin_token = login(client, make_agent(role="admin")).get_json()["access_token"]
    key = client.post(
        "/api/api-keys", headers=bearer(admin_token), json={"name": "CRM"}
    ).get_json()["key"]
    set_vip = client.patch("/api/users/vip-7", headers=bearer(key), json={"priority": 10})
    assert set_vip.status_code == 200 and set_vip.get_json()["user_id"] == "vip-7"
    plain = client.post("/api/visitor/auth", json={}).get_json()
    visitor_says(Principal("visitor", plain["visitor_id"]), "p", "hi")
    vip = client.post(
        "/api/visitor/auth", json={"user_id": "vip-7", "user_hash": user_hash("idsec", "vip-7")}
    ).get_json()
    assert vip["visitor_id"] == set_vip.get_json()["id"]
    message, _ = visitor_says(Principal("visitor", vip["visitor_id"]), "v", "hi")
    queued = client.get("/api/conversations?status=queued", headers=bearer(admin_token)).get_json()
    by_id = {c["id"]: c for c in queued["data"]}
    assert by_id[message.conversation_id]["priority"] == 10
    assert by_id[message.conversation_id]["queue_position"] == 1
    bad = client.patch("/api/users/vip-7", headers=bearer(key), json={"skill_group": "nope"})
    assert bad.status_code == 400
    assert (
        client.patch(
            "/api/users/x",
            headers=bearer(login(client, make_agent()).get_json()["access_token"]),
            json={"priority": 1},
        ).status_code
        == 403
    )
