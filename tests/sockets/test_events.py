"""Every event of both namespaces, with acks in the contract's shapes."""

import pytest
from sqlalchemy import func, select

from kefu.extensions import db
from kefu.models import Conversation, Message

from .conftest import acked, received

V, A = "/visitor", "/agent"


# Every case both ways the app writes (tests/conftest.py `served`).
pytestmark = pytest.mark.usefixtures("served")


def test_message_round_trip(pair):
    agent, agent_sc, visitor, visitor_sc = pair(name="Vera")
    agent_sc.get_received(A)
    ack = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi", "type": "text"}, V)
    assert ack["ok"] is True and ack["message"]["seq"] == 1
    assert ack["message"]["sender"] == {"type": "visitor", "id": visitor.id, "name": "Vera"}
    conversation = received(agent_sc, A, "conversation")
    assert conversation[-1]["status"] == "open" and conversation[-1]["agent"]["id"] == agent.id
    cid = ack["message"]["conversation_id"]
    reply = acked(
        agent_sc, "message", {"conversation_id": cid, "client_id": "a1", "content": "yo"}, A
    )
    assert reply["ok"] and reply["message"]["seq"] == 2
    got = received(visitor_sc, V, "message")
    assert [m["content"] for m in got] == ["yo"]  # its own message came back only as the ack


def test_visitors_other_tab_gets_its_own_messages(make_visitor, visitor_token, socket_client):
    visitor = make_visitor()
    tab1 = socket_client(V, visitor_token(visitor))
    tab2 = socket_client(V, visitor_token(visitor))
    acked(tab1, "message", {"client_id": "c1", "content": "from tab 1"}, V)
    assert "from tab 1" in [m["content"] for m in received(tab2, V, "message")]
    assert received(tab1, V, "message") == []


def test_duplicate_client_id_over_the_socket(pair):
    _, _, _, visitor_sc = pair()
    first = acked(visitor_sc, "message", {"client_id": "same", "content": "hi"}, V)
    second = acked(visitor_sc, "message", {"client_id": "same", "content": "hi"}, V)
    assert first["message"] == second["message"]
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_sync_returns_what_was_missed(pair):
    agent, agent_sc, _, visitor_sc = pair()
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    for n in range(3):
        acked(
            agent_sc,
            "message",
            {"conversation_id": cid, "client_id": f"a{n}", "content": f"r{n}"},
            A,
        )
    synced = acked(visitor_sc, "sync", {"after_seq": 1}, V)
    assert synced["ok"] and [m["seq"] for m in synced["messages"]] == [2, 3, 4]
    assert synced["conversation"]["id"] == cid
    agent_synced = acked(agent_sc, "sync", {"conversation_id": cid, "after_seq": 3}, A)
    assert [m["content"] for m in agent_synced["messages"]] == ["r2"]


def test_sync_without_a_conversation(make_visitor, visitor_token, socket_client):
    sc = socket_client(V, visitor_token(make_visitor()))
    assert acked(sc, "sync", {"after_seq": 0}, V) == {
        "ok": True,
        "conversation": None,
        "messages": [],
    }


def test_typing_is_relayed_both_ways(pair):
    _, agent_sc, _, visitor_sc = pair()
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    agent_sc.get_received(A)
    visitor_sc.emit("typing", {"typing": True}, namespace=V)
    assert received(agent_sc, A, "typing") == [{"conversation_id": cid, "typing": True}]
    agent_sc.emit("typing", {"conversation_id": cid, "typing": False}, namespace=A)
    assert received(visitor_sc, V, "typing") == [{"typing": False}]


def test_read_receipts_are_stored_and_relayed(pair):
    _, agent_sc, _, visitor_sc = pair()
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    acked(agent_sc, "message", {"conversation_id": cid, "client_id": "a", "content": "yo"}, A)
    agent_sc.get_received(A)
    visitor_sc.get_received(V)
    assert acked(visitor_sc, "read", {"seq": 2}, V) == {"ok": True}
    assert received(agent_sc, A, "read") == [{"conversation_id": cid, "seq": 2}]
    assert acked(agent_sc, "read", {"conversation_id": cid, "seq": 99}, A) == {"ok": True}
    assert received(visitor_sc, V, "read") == [{"seq": 2}]  # capped at last_seq
    conversation = db.session.get(Conversation, cid, populate_existing=True)
    assert (conversation.visitor_read_seq, conversation.agent_read_seq) == (2, 2)


def test_status_away_and_back(pair):
    agent, agent_sc, _, visitor_sc = pair()
    away = acked(agent_sc, "status", {"status": "away"}, A)
    assert away["ok"] and away["agent"]["status"] == "away"
    ack = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)
    conversation = db.session.get(Conversation, ack["message"]["conversation_id"])
    assert conversation.status == "queued"
    back = acked(agent_sc, "status", {"status": "online"}, A)
    assert back["agent"]["status"] == "online" and back["agent"]["load"] == 1


def test_pick_close_and_rate(make_agent, make_visitor, agent_token, visitor_token, socket_client):
    visitor = make_visitor()
    visitor_sc = socket_client(V, visitor_token(visitor))
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    agent = make_agent(max_concurrent=0 + 1)
    agent_sc = socket_client(A, agent_token(agent))  # connecting drains the queue to it
    picked = acked(agent_sc, "pick", {"conversation_id": cid}, A)
    assert picked == {"ok": False, "error": picked["error"]}
    assert picked["error"]["code"] == "already_assigned"
    closed = acked(agent_sc, "close", {"conversation_id": cid}, A)
    assert closed["ok"] and closed["conversation"]["status"] == "closed"
    notices = [m for m in received(visitor_sc, V, "message") if m["sender"]["type"] == "system"]
    assert notices and notices[-1]["content"] == "The conversation was closed."
    rated = acked(visitor_sc, "rate", {"conversation_id": cid, "score": 5, "comment": "great"}, V)
    assert rated == {"ok": True}
    assert db.session.get(Conversation, cid, populate_existing=True).rating == 5


def test_transfer_over_the_socket(
    make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    source = make_agent()
    source_sc = socket_client(A, agent_token(source))
    visitor_sc = socket_client(V, visitor_token(make_visitor()))
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    target = make_agent()
    target_sc = socket_client(A, agent_token(target))
    moved = acked(source_sc, "transfer", {"conversation_id": cid, "agent_id": target.id}, A)
    assert moved["ok"] and moved["conversation"]["agent"]["id"] == target.id
    assert cid in [c["id"] for c in received(target_sc, A, "conversation")]
    # The source no longer owns it.
    denied = acked(
        source_sc, "message", {"conversation_id": cid, "client_id": "x", "content": "hi"}, A
    )
    assert denied["error"]["code"] == "forbidden"


def test_visitors_never_see_routing_internals(pair):
    """route_reason is for staff: absent from every conversation a visitor receives."""
    _, agent_sc, _, visitor_sc = pair()
    acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)
    seen = received(visitor_sc, V, "conversation")
    assert seen and all("route_reason" not in c for c in seen)
    assert "route_reason" not in acked(visitor_sc, "sync", {"after_seq": 0}, V)["conversation"]
    staff = received(agent_sc, A, "conversation")
    assert staff[-1]["route_reason"].startswith("least loaded")


def test_agents_hear_about_load_changes(pair):
    agent, agent_sc, _, visitor_sc = pair()
    agent_sc.get_received(A)
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    loads = [a["load"] for a in received(agent_sc, A, "agent") if a["id"] == agent.id]
    assert loads == [1]
    acked(agent_sc, "close", {"conversation_id": cid}, A)
    loads = [a["load"] for a in received(agent_sc, A, "agent") if a["id"] == agent.id]
    assert loads == [0]


def test_read_receipts_never_go_backwards(pair):
    _, agent_sc, _, visitor_sc = pair()
    cid = acked(visitor_sc, "message", {"client_id": "c1", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    acked(agent_sc, "message", {"conversation_id": cid, "client_id": "a", "content": "yo"}, A)
    agent_sc.get_received(A)
    acked(visitor_sc, "read", {"seq": 2}, V)
    acked(visitor_sc, "read", {"seq": 1}, V)
    assert received(agent_sc, A, "read") == [{"conversation_id": cid, "seq": 2}]
