"""REST endpoints: auth, paging, admin rights, API keys — and bad input changing nothing."""

import pytest
from sqlalchemy import func, select

from kefu.chat.credentials import user_hash
from kefu.extensions import db
from kefu.models import Agent, Message, Visitor
from tests.factories import visitor_says


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def login(client, agent, password="pw"):
    return client.post("/api/agent/login", json={"email": agent.email, "password": password})


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


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


def test_admin_endpoints_need_an_admin(client, make_agent):
    agent_token = login(client, make_agent()).get_json()["access_token"]
    for method, url in [
        ("get", "/api/agents"),
        ("post", "/api/skill-groups"),
        ("get", "/api/api-keys"),
    ]:
        response = getattr(client, method)(url, headers=bearer(agent_token), json={"name": "x"})
        assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"


def test_admin_manages_agents_and_groups(client, make_agent):
    admin = make_agent(role="admin")
    token = login(client, admin).get_json()["access_token"]
    created = client.post(
        "/api/agents",
        headers=bearer(token),
        json={
            "email": "new@x.io",
            "password": "pw",
            "name": "New",
            "skills": ["vip"],
            "max_concurrent": 3,
        },
    )
    assert created.status_code == 201 and created.get_json()["skills"] == ["vip"]
    new_id = created.get_json()["id"]
    dup = client.post(
        "/api/agents",
        headers=bearer(token),
        json={"email": "new@x.io", "password": "p", "name": "N"},
    )
    assert dup.status_code == 409 and dup.get_json()["error"]["code"] == "email_taken"
    patched = client.patch(
        f"/api/agents/{new_id}", headers=bearer(token), json={"max_concurrent": 7}
    )
    assert patched.get_json()["max_concurrent"] == 7
    bad = client.patch(f"/api/agents/{new_id}", headers=bearer(token), json={"max_concurrent": 0})
    assert bad.status_code == 400
    assert db.session.get(Agent, new_id, populate_existing=True).max_concurrent == 7
    groups = client.get("/api/skill-groups", headers=bearer(token)).get_json()["data"]
    assert [g["name"] for g in groups] == ["vip"]
    assert (
        client.post("/api/skill-groups", headers=bearer(token), json={"name": "vip"}).status_code
        == 409
    )
    assert (
        client.post("/api/skill-groups", headers=bearer(token), json={"name": "a b"}).status_code
        == 400
    )
    assert client.delete("/api/skill-groups/vip", headers=bearer(token)).status_code == 204
    assert client.delete(f"/api/agents/{new_id}", headers=bearer(token)).status_code == 204
    assert client.delete(f"/api/agents/{admin.id}", headers=bearer(token)).status_code == 409
    assert client.delete("/api/agents/9999", headers=bearer(token)).status_code == 404


def test_admin_agent_list_shows_each_agents_own_status(client, make_agent, online):
    from kefu.state import current_state

    admin, busy, away = make_agent(role="admin"), make_agent(), make_agent()
    online(busy, away)
    current_state().set_away(away.id, True)
    token = login(client, admin).get_json()["access_token"]
    listed = client.get("/api/agents", headers=bearer(token)).get_json()["data"]
    assert {a["id"]: a["status"] for a in listed} == {
        admin.id: "offline",
        busy.id: "online",
        away.id: "away",
    }


def test_api_key_lifecycle_and_conversation_access(client, make_agent, make_visitor, visitor_token):
    from kefu.chat.principals import Principal

    admin_token = login(client, make_agent(role="admin")).get_json()["access_token"]
    created = client.post(
        "/api/api-keys", headers=bearer(admin_token), json={"name": "CRM"}
    ).get_json()
    key = created["key"]
    assert key.startswith("kefu_") and created["prefix"] == key[:12]
    listed = client.get("/api/api-keys", headers=bearer(admin_token)).get_json()["data"]
    assert "key" not in listed[0]
    visitor = make_visitor()
    message, _ = visitor_says(Principal("visitor", visitor.id), "c1", "hi")
    cid = message.conversation_id
    assert client.get(f"/api/conversations/{cid}", headers=bearer(key)).status_code == 200
    sent = client.post(
        f"/api/conversations/{cid}/messages",
        headers=bearer(key),
        json={"client_id": "k1", "content": "from CRM"},
    )
    assert sent.status_code == 201
    assert sent.get_json()["sender"] == {
        "type": "agent",
        "id": f"apikey:{created['id']}",
        "name": "CRM",
    }
    again = client.post(
        f"/api/conversations/{cid}/messages",
        headers=bearer(key),
        json={"client_id": "k1", "content": "from CRM"},
    )
    assert again.status_code == 200 and again.get_json()["id"] == sent.get_json()["id"]
    # Keys may set trusted visitor fields; visitors may not use conversation endpoints.
    patched = client.patch(f"/api/visitors/{visitor.id}", headers=bearer(key), json={"priority": 9})
    assert patched.get_json()["priority"] == 9
    assert (
        client.get(f"/api/conversations/{cid}", headers=bearer(visitor_token(visitor))).status_code
        == 401
    )
    client.delete(f"/api/api-keys/{created['id']}", headers=bearer(admin_token))
    assert client.get(f"/api/conversations/{cid}", headers=bearer(key)).status_code == 401


def test_plain_agent_cannot_set_priority(client, make_agent, make_visitor):
    token = login(client, make_agent()).get_json()["access_token"]
    visitor = make_visitor()
    response = client.patch(
        f"/api/visitors/{visitor.id}", headers=bearer(token), json={"priority": 9}
    )
    assert response.status_code == 403
    assert db.session.get(Visitor, visitor.id, populate_existing=True).priority == 0


def test_conversation_endpoints(client, make_agent, make_visitor):
    from kefu.chat.principals import Principal

    agent = make_agent()
    token = login(client, agent).get_json()["access_token"]
    visitor = make_visitor()
    message, _ = visitor_says(Principal("visitor", visitor.id), "c1", "hi")
    cid = message.conversation_id
    listed = client.get("/api/conversations?status=queued", headers=bearer(token)).get_json()
    assert listed["total"] == 1 and listed["data"][0]["queue_position"] == 1
    assert client.get("/api/conversations?status=nope", headers=bearer(token)).status_code == 400
    forbidden = client.post(
        f"/api/conversations/{cid}/messages",
        headers=bearer(token),
        json={"client_id": "a", "content": "x"},
    )
    assert forbidden.status_code == 403
    picked = client.post(f"/api/conversations/{cid}/pick", headers=bearer(token)).get_json()
    assert picked["status"] == "open" and picked["queue_position"] is None
    mine = client.get("/api/conversations?mine=1&status=open", headers=bearer(token)).get_json()
    assert [c["id"] for c in mine["data"]] == [cid]
    sent = client.post(
        f"/api/conversations/{cid}/messages",
        headers=bearer(token),
        json={"client_id": "a", "content": "x"},
    )
    assert sent.status_code == 201 and sent.get_json()["seq"] == 2
    page = client.get(
        f"/api/conversations/{cid}/messages?after_seq=1", headers=bearer(token)
    ).get_json()
    assert [m["seq"] for m in page["data"]] == [2]
    too_long = client.post(
        f"/api/conversations/{cid}/messages",
        headers=bearer(token),
        json={"client_id": "b", "content": "x" * 5001},
    )
    assert (
        too_long.status_code == 413 and too_long.get_json()["error"]["code"] == "message_too_long"
    )
    assert count(Message) == 2
    closed = client.post(f"/api/conversations/{cid}/close", headers=bearer(token)).get_json()
    assert closed["status"] == "closed" and closed["closed_at"].endswith("Z")
    assert client.get("/api/conversations/999", headers=bearer(token)).status_code == 404
    assert client.get("/api/conversations/abc", headers=bearer(token)).status_code == 404


def test_unknown_route_and_method_use_the_envelope(client):
    missing = client.get("/api/nothing-here")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong = client.get("/api/visitor/auth")
    assert wrong.status_code == 405 and wrong.get_json()["error"]["code"] == "method_not_allowed"


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["checks"]["database"] == "ok"


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


def test_metrics_count_messages_and_claims(client, make_agent, online, sink):
    from kefu.chat.principals import Principal

    def value(text, line_start):
        return sum(
            float(line.split()[-1]) for line in text.splitlines() if line.startswith(line_start)
        )

    before = client.get("/metrics").get_data(as_text=True)
    online(make_agent())
    visitor = client.post("/api/visitor/auth", json={}).get_json()
    visitor_says(Principal("visitor", visitor["visitor_id"]), "m", "hi")
    after = client.get("/metrics").get_data(as_text=True)
    key = 'kefu_messages_stored_total{sender_type="visitor"}'
    assert value(after, key) == value(before, key) + 1
    key = 'kefu_dispatch_claims_total{outcome="assigned"}'
    assert value(after, key) == value(before, key) + 1


def test_message_rate_limit_refuses_and_stores_nothing(app, make_visitor, sink):
    """Past the limit: 429 rate_limited, nothing stored; a retry of a stored message passes."""
    from kefu.chat.principals import Principal
    from kefu.errors import KefuError

    app.config["RATE_LIMIT_MESSAGES"] = "3 per minute"
    who = Principal("visitor", make_visitor().id)
    for n in range(3):
        visitor_says(who, f"c{n}", "hi")
    before = count(Message)
    with pytest.raises(KefuError) as err:
        visitor_says(who, "c3", "one too many")
    assert (err.value.status, err.value.code) == (429, "rate_limited")
    assert count(Message) == before
    retried, created = visitor_says(who, "c0", "hi")
    assert not created and retried.seq == 1


def test_login_rate_limit(app, client, make_agent):
    app.config["RATE_LIMIT_LOGIN"] = "2 per minute"
    agent = make_agent()
    assert [login(client, agent, "wrong").status_code for _ in range(2)] == [401, 401]
    limited = login(client, agent)
    assert limited.status_code == 429 and limited.get_json()["error"]["code"] == "rate_limited"
