"""The supervisor role: sees and acts on every conversation like an admin, but no
settings, agents or API keys; set through POST and PATCH /api/agents."""

import pytest

from kefu.chat.principals import Principal, require_can_act
from kefu.errors import Forbidden
from kefu.extensions import db
from kefu.models import Agent, Conversation
from tests.factories import as_visitor, visitor_says

from .rest import bearer, login


@pytest.fixture
def admin_headers(client, make_agent):
    return bearer(login(client, make_agent(role="admin")).get_json()["access_token"])


def test_admins_create_and_promote_supervisors(client, admin_headers, make_agent):
    """role accepts agent, supervisor and admin; anything else is refused."""
    created = client.post(
        "/api/agents",
        headers=admin_headers,
        json={"email": "sue@example.com", "password": "pw", "name": "Sue", "role": "supervisor"},
    )
    assert created.status_code == 201 and created.get_json()["role"] == "supervisor"
    agent = make_agent()
    promoted = client.patch(
        f"/api/agents/{agent.id}", headers=admin_headers, json={"role": "supervisor"}
    )
    assert promoted.status_code == 200 and promoted.get_json()["role"] == "supervisor"
    refused = client.patch(f"/api/agents/{agent.id}", headers=admin_headers, json={"role": "boss"})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "invalid_field"
    assert db.session.get(Agent, agent.id, populate_existing=True).role == "supervisor"


def test_supervisors_act_on_conversations_they_do_not_hold(
    client, make_agent, make_visitor, online
):
    """A supervisor may write to, transfer and close a conversation assigned to another
    agent, where a plain agent gets 403."""
    holder, bystander = make_agent(), make_agent()
    online(holder)
    message, _ = visitor_says(as_visitor(make_visitor()), "c1", "hi")
    url = f"/api/conversations/{message.conversation_id}"
    assert db.session.get(Conversation, message.conversation_id).agent_id == holder.id
    plain = bearer(login(client, bystander).get_json()["access_token"])
    refused = client.post(url + "/messages", headers=plain, json={"client_id": "p", "content": "x"})
    assert refused.status_code == 403
    supervisor = bearer(login(client, make_agent(role="supervisor")).get_json()["access_token"])
    sent = client.post(
        url + "/messages", headers=supervisor, json={"client_id": "s", "content": "x"}
    )
    assert sent.status_code == 201
    closed = client.post(url + "/close", headers=supervisor)
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"


def test_the_rule_itself():
    """require_can_act: supervisors and admins pass for any conversation, agents only for
    their own."""

    class Held:
        agent_id = 7
        visitor_id = "v_1"

    require_can_act(Principal("agent", 1, role="supervisor"), Held)
    require_can_act(Principal("agent", 1, is_admin=True, role="admin"), Held)
    require_can_act(Principal("agent", 7, role="agent"), Held)
    with pytest.raises(Forbidden):
        require_can_act(Principal("agent", 1, role="agent"), Held)


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/api/agents"),
        ("post", "/api/agents"),
        ("get", "/api/api-keys"),
        ("get", "/api/settings"),
        ("get", "/api/audit-log"),
        ("get", "/api/admin/runtime"),
    ],
)
def test_supervisors_do_not_administer(client, make_agent, method, url):
    """Settings, agents, API keys and the audit log stay with administrators."""
    headers = bearer(login(client, make_agent(role="supervisor")).get_json()["access_token"])
    response = getattr(client, method)(url, headers=headers, json={})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_requires_can_name_roles(app, client, make_agent):
    """requires("agent", roles=(…)) lets agents of those roles through (reports will: a
    supervisor or an admin) and refuses other agents with 403."""
    from flask import g, jsonify

    from kefu.blueprints.common import requires

    @requires("agent", roles=("supervisor", "admin"))
    def overseen():
        return jsonify({"role": g.principal.role})

    app.add_url_rule("/test/overseen", "test_overseen", overseen)
    assert overseen.openapi_auth == ("supervisor", "admin")
    seen = {}
    for role in ("agent", "supervisor", "admin"):
        headers = bearer(login(client, make_agent(role=role)).get_json()["access_token"])
        response = client.get("/test/overseen", headers=headers)
        seen[role] = (response.status_code, response.get_json().get("role"))
    assert seen == {
        "agent": (403, None),
        "supervisor": (200, "supervisor"),
        "admin": (200, "admin"),
    }
