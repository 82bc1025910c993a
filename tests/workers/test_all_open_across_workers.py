"""All open across workers: a supervisor on worker B hears a chat assigned on worker A and
follows its messages (`watch`); an admin's change on A reaches a plain agent's socket on B
at once (`workspace`), and B's listing within the settings cache's second."""

import pytest

from ..integration.clients import Peer, wait_until

pytestmark = pytest.mark.integration


def test_a_supervisor_on_b_follows_a_chat_on_a(start_workers):
    a, b = start_workers(2)
    holder = a.create_agent()
    supervisor = b.create_agent(skills=[])
    colleague = b.create_agent(skills=[])
    a.api.expect(
        "PATCH",
        f"/api/agents/{supervisor.id}",
        200,
        token=a.admin.access_token,
        json={"role": "supervisor"},
    )
    holder_peer = Peer(a.base_url, "/agent", "holder on A").connect({"token": holder.access_token})
    boss = Peer(b.base_url, "/agent", "supervisor on B").connect({"token": supervisor.access_token})
    plain = Peer(b.base_url, "/agent", "agent on B").connect({"token": colleague.access_token})
    reply = a.api.expect("POST", "/api/visitor/auth", 200, json={"skill_group": holder.skill})
    visitor = Peer(a.base_url, "/visitor", "visitor on A").connect({"token": reply["token"]})
    try:
        sent = visitor.say("hello from A")
        cid = sent["conversation_id"]
        boss.wait_for("conversation", lambda c: c["id"] == cid and c["status"] == "open")
        assert boss.call("watch", {"conversation_id": cid})["ok"] is True
        later = visitor.say("still here")
        boss.wait_for_message(later["id"])
        assert not [c for c in plain.received("conversation") if c["id"] == cid]

        a.api.expect(
            "PATCH",
            "/api/settings",
            200,
            token=a.admin.access_token,
            json={"workspace": {"agents_see_all_open": True}},
        )
        plain.wait_for("workspace", lambda w: w == {"agents_see_all_open": True})
        wait_until(
            lambda: (
                [
                    c["id"]
                    for c in b.api.expect(
                        "GET", "/api/conversations?status=open", 200, token=colleague.access_token
                    )["data"]
                ]
                == [cid]
            ),
            timeout=2.0,  # each worker's settings cache lives 1 s
            describe=lambda: "B to list A's chat to a plain agent",
        )
        holder_peer.call("close", {"conversation_id": cid})
        plain.wait_for("conversation", lambda c: c["id"] == cid and c["status"] == "closed")
        # No email crossed either worker in an `agent` event.
        for peer in (boss, plain, holder_peer):
            assert peer.received("agent") and all("email" not in x for x in peer.received("agent"))
    finally:
        for peer in (visitor, plain, boss, holder_peer):
            peer.disconnect()
