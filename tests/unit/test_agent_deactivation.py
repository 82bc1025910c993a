"""Deactivating an agent (DELETE /api/agents/<id>, PATCH active): history stays, tokens are
refused at once, open conversations go back to the queue now, and the agent is never routed
to again until reactivated."""

from kefu.extensions import db
from kefu.models import STATUS_OPEN, STATUS_QUEUED, Agent, Conversation, Message
from tests.factories import say

from .rest import bearer, login


def _tokens(client, agent):
    body = login(client, agent).get_json()
    return body["access_token"], body["refresh_token"]


def test_a_busy_agent_is_deactivated_and_its_visitor_requeued(
    client, make_agent, make_visitor, online
):
    admin, ann = make_agent(role="admin"), make_agent()
    admin_token, _ = _tokens(client, admin)
    access, refresh = _tokens(client, ann)
    online(ann)
    conversation = say(make_visitor())
    assert (conversation.status, conversation.agent_id) == (STATUS_OPEN, ann.id)

    assert client.delete(f"/api/agents/{ann.id}", headers=bearer(admin_token)).status_code == 204

    moved = db.session.get(Conversation, conversation.id, populate_existing=True)
    assert (moved.status, moved.agent_id) == (STATUS_QUEUED, None)
    notice = db.session.query(Message).filter_by(conversation_id=conversation.id).all()[-1]
    assert notice.notice == {"code": "agent_left", "params": {}}
    ann_row = db.session.get(Agent, ann.id, populate_existing=True)
    assert ann_row.load == 0 and ann_row.deactivated_at is not None
    # Every token she held is refused at once, and she cannot sign in again.
    assert client.get("/api/me", headers=bearer(access)).status_code == 401
    assert client.post("/api/agent/refresh", headers=bearer(refresh)).status_code == 401
    refused = login(client, ann)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "agent_deactivated"
    # Still listed (her history stays), marked inactive.
    listed = client.get("/api/agents", headers=bearer(admin_token)).get_json()["data"]
    assert {a["id"]: a["active"] for a in listed} == {admin.id: True, ann.id: False}


def test_a_deactivated_agent_still_online_is_not_routed_to(
    client, make_agent, make_visitor, online
):
    admin, ann = make_agent(role="admin"), make_agent()
    admin_token, _ = _tokens(client, admin)
    online(ann)  # her socket has not closed yet
    client.delete(f"/api/agents/{ann.id}", headers=bearer(admin_token))
    conversation = say(make_visitor())
    assert (conversation.status, conversation.agent_id) == (STATUS_QUEUED, None)


def test_reactivation_lets_the_agent_sign_in_again(client, make_agent):
    admin, ann = make_agent(role="admin"), make_agent()
    admin_token, _ = _tokens(client, admin)
    off = client.patch(f"/api/agents/{ann.id}", headers=bearer(admin_token), json={"active": False})
    assert off.status_code == 200 and off.get_json()["active"] is False
    assert login(client, ann).status_code == 403
    on = client.patch(f"/api/agents/{ann.id}", headers=bearer(admin_token), json={"active": True})
    assert on.status_code == 200 and on.get_json()["active"] is True
    assert login(client, ann).status_code == 200
    log = client.get("/api/audit-log", headers=bearer(admin_token)).get_json()["data"]
    mine = [e["action"] for e in log if e["target"] == f"agent:{ann.id}"]
    assert mine[:2] == ["agent.reactivated", "agent.deactivated"]


def test_an_admin_cannot_deactivate_themself_and_nothing_changes(client, make_agent):
    admin = make_agent(role="admin")
    token, _ = _tokens(client, admin)
    refused = client.delete(f"/api/agents/{admin.id}", headers=bearer(token))
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "cannot_delete_self"
    assert client.get("/api/me", headers=bearer(token)).status_code == 200
    assert client.delete("/api/agents/9999", headers=bearer(token)).status_code == 404
