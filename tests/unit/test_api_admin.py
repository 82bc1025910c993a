"""REST of blueprints/api_admin.py: agents, skill groups, API keys, visitor updates (admin only)."""

from kefu.extensions import db
from kefu.models import Agent, Visitor
from tests.factories import visitor_says

from .rest import bearer, login


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


def test_the_last_admin_cannot_be_demoted(client, make_agent):
    admin = make_agent(role="admin")
    headers = bearer(login(client, admin).get_json()["access_token"])
    alone = client.patch(f"/api/agents/{admin.id}", headers=headers, json={"role": "agent"})
    assert alone.status_code == 409 and alone.get_json()["error"]["code"] == "last_admin"
    other = make_agent(role="admin")
    demoted = client.patch(f"/api/agents/{other.id}", headers=headers, json={"role": "agent"})
    assert demoted.status_code == 200 and demoted.get_json()["role"] == "agent"
    again = client.patch(f"/api/agents/{admin.id}", headers=headers, json={"role": "agent"})
    assert again.status_code == 409


def test_field_errors_name_the_field(client, make_agent):
    token = login(client, make_agent(role="admin")).get_json()["access_token"]
    bad_email = client.post(
        "/api/agents",
        headers=bearer(token),
        json={"email": "not-an-email", "password": "pw", "name": "N"},
    ).get_json()["error"]
    assert (bad_email["code"], bad_email["field"]) == ("invalid_field", "email")
    missing = client.post("/api/agents", headers=bearer(token), json={"email": "a@b.c"})
    assert missing.get_json()["error"]["field"] == "password"
    client.post(
        "/api/agents", headers=bearer(token), json={"email": "a@b.c", "password": "p", "name": "A"}
    )
    taken = client.post(
        "/api/agents", headers=bearer(token), json={"email": "a@b.c", "password": "p", "name": "A"}
    ).get_json()["error"]
    assert (taken["code"], taken["field"]) == ("email_taken", "email")
    color = client.patch(
        "/api/settings", headers=bearer(token), json={"widget": {"color": "blue"}}
    ).get_json()["error"]
    assert color["field"] == "widget.color"
    forbidden = client.get("/api/agents").get_json()["error"]
    assert "field" not in forbidden  # only errors tied to one input name one
