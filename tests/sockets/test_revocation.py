"""Ending an agent's sessions bites at once: after a password change every token issued
before is refused (REST, refresh, socket events) and the agent's open sockets are closed;
a deleted agent's socket is closed too and hears no more of the queue."""

from sqlalchemy import update

from kefu.extensions import db, socketio
from kefu.models import Agent
from kefu.sockets.revalidate import agent_sockets, close_stale_agent_sockets

from .conftest import acked

A = "/agent"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def sessions(client, agent, password="pw"):
    body = client.post(
        "/api/agent/login", json={"email": agent.email, "password": password}
    ).get_json()
    return body["access_token"], body["refresh_token"]


def test_a_password_change_revokes_tokens_and_closes_sockets(client, make_agent, socket_client):
    agent, admin = make_agent(), make_agent(role="admin")
    access, refresh = sessions(client, agent)
    desk = socket_client(A, access)
    assert desk.is_connected(A)
    admin_access, _ = sessions(client, admin)

    changed = client.patch(
        f"/api/agents/{agent.id}", headers=bearer(admin_access), json={"password": "new-pw"}
    )
    assert changed.status_code == 200

    me = client.get("/api/me", headers=bearer(access))
    assert me.status_code == 401 and me.get_json()["error"]["code"] == "token_revoked"
    refreshed = client.post("/api/agent/refresh", headers=bearer(refresh))
    assert refreshed.status_code == 401
    assert not desk.is_connected(A)  # closed by the worker that changed the password
    refused = socket_client(A, access)
    assert not refused.is_connected(A)
    new_access, _ = sessions(client, agent, "new-pw")
    assert client.get("/api/me", headers=bearer(new_access)).status_code == 200


def test_a_deleted_agents_socket_is_closed_and_hears_no_queue(client, make_agent, socket_client):
    agent, admin = make_agent(), make_agent(role="admin")
    access, _ = sessions(client, agent)
    desk = socket_client(A, access)
    admin_access, _ = sessions(client, admin)
    assert client.delete(f"/api/agents/{agent.id}", headers=bearer(admin_access)).status_code == 204
    assert not desk.is_connected(A)
    # Out of the agents' room, so no queue event (visitors' names, emails) reaches it.
    left = agent_sockets(socketio.server).values()
    assert agent.id not in {identity["id"] for identity in left}


def test_every_worker_closes_sockets_revoked_elsewhere(client, make_agent, socket_client):
    """The revalidation every worker runs (KEFU_REVALIDATE_SECONDS): a token version raised
    by another worker (here: straight in the database) closes this worker's socket; a
    current one stays."""
    revoked, kept = make_agent(), make_agent()
    revoked_desk = socket_client(A, sessions(client, revoked)[0])
    kept_desk = socket_client(A, sessions(client, kept)[0])
    db.session.execute(
        update(Agent).where(Agent.id == revoked.id).values(token_version=Agent.token_version + 1)
    )
    db.session.commit()
    assert acked(revoked_desk, "sync", {"conversation_id": 1}, A)["error"]["code"] == (
        "token_revoked"
    )
    assert close_stale_agent_sockets(socketio) == 1
    assert not revoked_desk.is_connected(A) and kept_desk.is_connected(A)
