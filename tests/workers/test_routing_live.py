"""The router over real sockets, on a real server with a short grace period: queue position
updates, assignment when an agent logs in, away agents, lost agents, transfer."""

import pytest

from ..integration.clients import Peer
from ..integration.databases import provisioned
from ..integration.server import KefuServer

pytestmark = pytest.mark.integration

GRACE_SECONDS = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("routing")
    with provisioned("sqlite", workdir) as database:
        kefu = KefuServer(database, workdir)
        kefu.env.update(
            KEFU_AGENT_GRACE_SECONDS=str(GRACE_SECONDS), KEFU_DISPATCH_SWEEP_SECONDS="1"
        )
        try:
            kefu.prepare()
            kefu.start()
            kefu.open_session()
            yield kefu
        finally:
            kefu.stop()


@pytest.fixture
def peers():
    opened = []

    def open_peer(server, namespace, token, name=None):
        peer = Peer(server.base_url, namespace, name).connect({"token": token})
        opened.append(peer)
        return peer

    yield open_peer
    for peer in opened:
        peer.disconnect()


def visitor(server, peers, group):
    reply = server.api.expect("POST", "/api/visitor/auth", 200, json={"skill_group": group})
    return peers(server, "/visitor", reply["token"], reply["visitor_id"])


def test_queue_positions_then_assignment_when_an_agent_logs_in(server, peers):
    agent = server.create_agent(max_concurrent=1)
    group = agent.skills[0]
    first, second = visitor(server, peers, group), visitor(server, peers, group)
    one = first.say("first in line")
    second.say("second in line")
    second.wait_for("conversation", lambda c: c["queue_position"] == 2, what="at position 2")
    # The agent logs in: the head of the queue is theirs at once, and the line moves up.
    agent_peer = peers(server, "/agent", agent.access_token, "agent")
    agent_peer.wait_for(
        "conversation", lambda c: c["id"] == one["conversation_id"] and c["status"] == "open"
    )
    first.wait_for("conversation", lambda c: c["status"] == "open", what="assigned")
    second.wait_for("conversation", lambda c: c["queue_position"] == 1, what="moved up")
    queue = agent_peer.wait_for("queue", lambda q: q["waiting"] >= 1)
    assert second.name in [c["visitor"]["id"] for c in queue["conversations"]]


def test_away_agents_get_nothing(server, peers):
    agent = server.create_agent()
    group = agent.skills[0]
    agent_peer = peers(server, "/agent", agent.access_token, "agent")
    assert agent_peer.call("status", {"status": "away"})["agent"]["status"] == "away"
    waiting = visitor(server, peers, group)
    sent = waiting.say("anyone?")
    waiting.wait_for("conversation", lambda c: c["status"] == "queued" and c["queue_position"])
    assert all(
        c["id"] != sent["conversation_id"] or c["status"] != "open"
        for c in agent_peer.received("conversation")
    )
    agent_peer.call("status", {"status": "online"})
    waiting.wait_for("conversation", lambda c: c["status"] == "open", what="assigned on return")


def test_lost_agent_conversations_are_redispatched_after_the_grace_period(server, peers):
    lost = server.create_agent(max_concurrent=1)
    group = lost.skills[0]
    lost_peer = peers(server, "/agent", lost.access_token, "lost agent")
    chatting = visitor(server, peers, group)
    chatting.say("hello")
    chatting.wait_for("conversation", lambda c: c["status"] == "open")
    already_waiting = visitor(server, peers, group)
    already_waiting.say("me too")
    already_waiting.wait_for("conversation", lambda c: c["status"] == "queued")
    lost_peer.disconnect()  # the agent's browser dies
    notice = chatting.wait_for(
        "message",
        lambda m: m["sender"]["type"] == "system" and "disconnected" in m["content"],
        timeout=GRACE_SECONDS + 10,
        what="redispatch notice",
    )
    requeued = chatting.wait_for("conversation", lambda c: c["status"] == "queued")
    assert requeued["agent"] is None
    # Back at the head of the queue: ahead of the visitor who was already waiting
    # (one snapshot of the queue, so other tests' traffic cannot shift it in between).
    queued = server.api.expect(
        "GET",
        "/api/conversations?status=queued&per_page=100",
        200,
        token=server.admin.access_token,
    )["data"]
    position = {c["id"]: c["queue_position"] for c in queued}
    waiting_id = already_waiting.received("conversation")[-1]["id"]
    assert position[requeued["id"]] < position[waiting_id]
    # A colleague with the skill comes online and takes it first.
    colleague = server.create_agent(max_concurrent=1, skills=[group])
    peers(server, "/agent", colleague.access_token, "colleague")
    assigned = chatting.wait_for(
        "conversation", lambda c: c["status"] == "open" and c["agent"]["id"] == colleague.id
    )
    assert assigned["id"] == notice["conversation_id"]
    assert already_waiting.received("conversation")[-1]["status"] == "queued"


def test_transfer_between_live_agents(server, peers):
    source = server.create_agent()
    target = server.create_agent()
    source_peer = peers(server, "/agent", source.access_token, "source")
    target_peer = peers(server, "/agent", target.access_token, "target")
    chatting = visitor(server, peers, source.skills[0])
    cid = chatting.say("hi")["conversation_id"]
    source_peer.wait_for("conversation", lambda c: c["id"] == cid and c["status"] == "open")
    moved = source_peer.call("transfer", {"conversation_id": cid, "agent_id": target.id})
    assert moved["ok"] and moved["conversation"]["agent"]["id"] == target.id
    target_peer.wait_for("conversation", lambda c: c["id"] == cid and c["agent"]["id"] == target.id)
    chatting.wait_for("message", lambda m: m["content"] == f"Transferred to {target.name}.")
    reply = target_peer.say("I can help", conversation_id=cid)
    chatting.wait_for("message", lambda m: m["id"] == reply["id"])
    denied = source_peer.call(
        "message", {"conversation_id": cid, "client_id": "late", "content": "still me"}
    )
    assert denied["ok"] is False and denied["error"]["code"] == "forbidden"
