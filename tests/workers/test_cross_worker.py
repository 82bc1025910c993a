"""A visitor on one worker and an agent on another: messages, typing and reads both ways,
and the agent's presence on B is what A's router routes to."""

import pytest

from ..integration.clients import Peer

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_visitor_on_a_agent_on_b_both_ways(start_workers, transport):
    a, b = start_workers(2)
    agent = b.create_agent()
    agent_peer = Peer(b.base_url, "/agent", "agent on B").connect(
        {"token": agent.access_token}, [transport]
    )
    reply = a.api.expect("POST", "/api/visitor/auth", 200, json={"skill_group": agent.skills[0]})
    visitor = Peer(a.base_url, "/visitor", "visitor on A").connect(
        {"token": reply["token"]}, [transport]
    )
    try:
        # A's router sees the agent connected only to B, and assigns to them.
        sent = visitor.say("hello from A")
        cid = sent["conversation_id"]
        agent_peer.wait_for("conversation", lambda c: c["id"] == cid and c["status"] == "open")
        agent_peer.wait_for_message(sent["id"])
        answer = agent_peer.say("hello from B", conversation_id=cid)
        visitor.wait_for_message(answer["id"])
        agent_peer.call("typing", {"conversation_id": cid, "typing": True})
        visitor.wait_for("typing", lambda t: t == {"typing": True})
        visitor.call("read", {"seq": answer["seq"]})
        agent_peer.wait_for("read", lambda r: r == {"conversation_id": cid, "seq": answer["seq"]})
        assert [m["seq"] for m in visitor.sync(0)["messages"]] == [1, 2]
    finally:
        visitor.disconnect()
        agent_peer.disconnect()
