"""All open over the socket: supervisors and admins hear every open conversation's changes
(the overseers' room), and every agent when an admin allows it; the chat a dashboard shows
read-only is watched (its messages come live); a role change moves the sockets; and the
`agent` event never carries a colleague's email."""

from sqlalchemy import update

from kefu.extensions import db, socketio
from kefu.models import Agent
from kefu.sockets.revalidate import close_stale_agent_sockets

from .conftest import acked, received

V, A = "/visitor", "/agent"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def allow_agents(client, admin_token, allowed):
    answer = client.patch(
        "/api/settings",
        headers=bearer(admin_token),
        json={"workspace": {"agents_see_all_open": allowed}},
    )
    assert answer.status_code == 200, answer.get_json()


def conversation_ids(sc):
    return [c["id"] for c in received(sc, A, "conversation")]


def test_overseers_hear_colleagues_conversations_and_agents_do_not(
    make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    """A chat assigned to one agent and closed: its agent, a supervisor and an admin each get
    every `conversation` event once; a plain colleague gets none."""
    holder = make_agent(skills=["g1"])
    holder_sc = socket_client(A, agent_token(holder))
    supervisor_sc = socket_client(A, agent_token(make_agent(role="supervisor")))
    admin_sc = socket_client(A, agent_token(make_agent(role="admin")))
    colleague_sc = socket_client(A, agent_token(make_agent()))
    visitor_sc = socket_client(V, visitor_token(make_visitor(skill_group="g1")))
    for sc in (holder_sc, supervisor_sc, admin_sc, colleague_sc):
        sc.get_received(A)

    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    assert acked(holder_sc, "close", {"conversation_id": cid}, A)["ok"]

    heard = conversation_ids(holder_sc)
    assert heard and set(heard) == {cid}
    assert conversation_ids(supervisor_sc) == heard  # the same events, none twice
    assert conversation_ids(admin_sc) == heard
    assert conversation_ids(colleague_sc) == []


def test_an_assigned_supervisor_gets_each_event_once(
    make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    """In both its own room and the overseers' room, a supervisor holding the chat still gets
    one event per change (a list of rooms reaches each socket once)."""
    supervisor = make_agent(role="supervisor", skills=["g1"])
    desk = socket_client(A, agent_token(supervisor))
    other_overseer = socket_client(A, agent_token(make_agent(role="admin")))
    visitor_sc = socket_client(V, visitor_token(make_visitor(skill_group="g1")))
    desk.get_received(A)
    other_overseer.get_received(A)
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    assert acked(desk, "close", {"conversation_id": cid}, A)["ok"]
    mine = [c["status"] for c in received(desk, A, "conversation")]
    # The admin is in the overseers' room only: one event per change, as the holder must get.
    assert mine == [c["status"] for c in received(other_overseer, A, "conversation")]
    assert mine[-1] == "closed"


def test_agents_hear_everything_once_an_admin_allows_it(
    client, make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    """The setting on: every agent socket gets a `workspace` event and then every open
    conversation's changes; off again: no more."""
    admin = make_agent(role="admin")
    holder = make_agent(skills=["g1"])
    holder_sc = socket_client(A, agent_token(holder))
    colleague_sc = socket_client(A, agent_token(make_agent()))
    assert received(colleague_sc, A, "workspace") == [{"agents_see_all_open": False}]

    allow_agents(client, agent_token(admin), True)
    assert received(colleague_sc, A, "workspace") == [{"agents_see_all_open": True}]
    visitor_sc = socket_client(V, visitor_token(make_visitor(skill_group="g1")))
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    assert cid in conversation_ids(colleague_sc)

    allow_agents(client, agent_token(admin), False)
    assert received(colleague_sc, A, "workspace") == [{"agents_see_all_open": False}]
    assert acked(holder_sc, "close", {"conversation_id": cid}, A)["ok"]
    assert conversation_ids(colleague_sc) == []
    assert socket_client(A, agent_token(make_agent())).is_connected(A)


def test_a_watched_chat_brings_its_messages(
    client, make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    """A supervisor watching a colleague's chat gets its messages (notes too, it is staff)
    until it watches nothing; a plain agent may watch it only while the setting is on."""
    holder = make_agent(skills=["g1"])
    holder_sc = socket_client(A, agent_token(holder))
    supervisor_sc = socket_client(A, agent_token(make_agent(role="supervisor")))
    colleague_sc = socket_client(A, agent_token(make_agent()))
    visitor_sc = socket_client(V, visitor_token(make_visitor(skill_group="g1")))
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    assert acked(supervisor_sc, "watch", {"conversation_id": cid}, A) == {"ok": True}
    refused = acked(colleague_sc, "watch", {"conversation_id": cid}, A)
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    for sc in (supervisor_sc, colleague_sc):
        sc.get_received(A)

    acked(visitor_sc, "message", {"client_id": "c2", "content": "anyone?"}, V)
    note = {"conversation_id": cid, "client_id": "n1", "content": "vip", "private": True}
    acked(holder_sc, "message", note, A)
    assert [m["content"] for m in received(supervisor_sc, A, "message")] == ["anyone?", "vip"]
    assert received(colleague_sc, A, "message") == []

    allow_agents(client, agent_token(make_agent(role="admin")), True)
    assert acked(colleague_sc, "watch", {"conversation_id": cid}, A) == {"ok": True}
    assert acked(supervisor_sc, "watch", {"conversation_id": None}, A) == {"ok": True}
    acked(visitor_sc, "message", {"client_id": "c3", "content": "hello?"}, V)
    assert [m["content"] for m in received(colleague_sc, A, "message")] == ["hello?"]
    assert received(supervisor_sc, A, "message") == []

    bad = acked(colleague_sc, "watch", {"conversation_id": "x"}, A)
    assert bad["ok"] is False and bad["error"]["code"] == "invalid_field"
    missing = acked(colleague_sc, "watch", {}, A)
    assert missing["ok"] is False and missing["error"]["code"] == "missing_field"


def test_a_demoted_supervisor_stops_hearing_at_once(
    client, make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    """The admin's role change moves the supervisor's sockets on the worker that made it:
    demoted, no more colleagues' conversations and its watch ends; promoted again, back."""
    holder = make_agent(skills=["g1"])
    holder_sc = socket_client(A, agent_token(holder))
    sue = make_agent(role="supervisor")
    sue_sc = socket_client(A, agent_token(sue))
    admin_token = agent_token(make_agent(role="admin"))
    visitor_sc = socket_client(V, visitor_token(make_visitor(skill_group="g1")))
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    assert acked(sue_sc, "watch", {"conversation_id": cid}, A)["ok"]

    demoted = client.patch(
        f"/api/agents/{sue.id}", headers=bearer(admin_token), json={"role": "agent"}
    )
    assert demoted.status_code == 200
    sue_sc.get_received(A)
    acked(visitor_sc, "message", {"client_id": "c2", "content": "still there?"}, V)
    assert acked(holder_sc, "close", {"conversation_id": cid}, A)["ok"]
    assert received(sue_sc, A, "conversation") == []
    assert received(sue_sc, A, "message") == []

    client.patch(f"/api/agents/{sue.id}", headers=bearer(admin_token), json={"role": "supervisor"})
    second = acked(visitor_sc, "message", {"client_id": "c3", "content": "again"}, V)
    assert second["message"]["conversation_id"] in conversation_ids(sue_sc)


def test_the_revalidation_moves_sockets_whose_role_changed_elsewhere(
    app, make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    """A role changed where this worker did not see it (another worker, or by hand) takes
    effect at this worker's next revalidation."""
    holder_sc = socket_client(A, agent_token(make_agent(skills=["g1"])))
    sue = make_agent(role="supervisor")
    sue_sc = socket_client(A, agent_token(sue))
    db.session.execute(update(Agent).where(Agent.id == sue.id).values(role="agent"))
    db.session.commit()
    assert close_stale_agent_sockets(socketio) == 0  # nothing closed: moved
    assert sue_sc.is_connected(A)
    sue_sc.get_received(A)
    visitor_sc = socket_client(V, visitor_token(make_visitor(skill_group="g1")))
    holder_sc.get_received(A)
    acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)
    assert received(holder_sc, A, "conversation")  # it was assigned and announced
    assert received(sue_sc, A, "conversation") == []


def test_agent_events_never_carry_an_email(client, make_agent, agent_token, socket_client):
    """An `agent` event is the directory's view with the role and `active`: a plain agent's
    socket never sees a colleague's email (nor a supervisor's socket an agent's); a role
    change reaches the agent's own socket."""
    watcher = make_agent()
    watcher_sc = socket_client(A, agent_token(watcher))
    colleague = make_agent(role="supervisor")
    colleague_sc = socket_client(A, agent_token(colleague))
    acked(colleague_sc, "status", {"status": "away"}, A)
    acked(watcher_sc, "status", {"status": "away"}, A)
    admin_token = agent_token(make_agent(role="admin"))
    client.patch(f"/api/agents/{watcher.id}", headers=bearer(admin_token), json={"name": "W"})

    packets = watcher_sc.get_received(A)
    assert colleague.email not in repr(packets)
    seen = [p["args"][0] for p in packets if p["name"] == "agent"]
    about_colleague = [a for a in seen if a["id"] == colleague.id]
    assert about_colleague, "the watcher heard of its colleague"
    assert set(about_colleague[-1]) == {
        "id",
        "name",
        "status",
        "load",
        "max_concurrent",
        "skills",
        "role",
        "active",
    }
    assert about_colleague[-1]["status"] == "away"
    assert all("email" not in a for a in seen)
    assert watcher.email not in repr(colleague_sc.get_received(A))

    client.patch(
        f"/api/agents/{watcher.id}", headers=bearer(admin_token), json={"role": "supervisor"}
    )
    assert [a["role"] for a in received(watcher_sc, A, "agent") if a["id"] == watcher.id] == [
        "supervisor"
    ]
