"""The message path over real sockets: round trip, seq order, retries, reconnect and sync."""

import pytest

from .clients import ISO_UTC, POLLING, new_client_id

pytestmark = pytest.mark.integration


def assert_message(message, *, seq, content, sender_type, sender_id, client_id=...):
    assert message["seq"] == seq, message
    assert message["content"] == content, message
    assert message["type"] == "text", message
    assert message["sender"]["type"] == sender_type, message
    assert message["sender"]["id"] == sender_id, message
    assert isinstance(message["id"], int), message
    assert ISO_UTC.match(message["created_at"]), message
    if client_id is not ...:
        assert message["client_id"] == client_id, message


def test_visitor_and_agent_round_trip(server, make_agent, make_visitor, connect):
    """A visitor's first message is stored as seq 1, routed to the online agent with the
    skill (`conversation` then `message`), and the agent's reply reaches the visitor as seq 2;
    the sending socket gets only its ack, the sender's other tab gets the message."""
    agent = make_agent()
    visitor = make_visitor(skill_group=agent.skill)
    desk = connect(agent)
    tab = connect(visitor)
    other_tab = connect(visitor, name="second tab")

    client_id = new_client_id()
    ack = tab.call("message", {"client_id": client_id, "content": "Hello?", "type": "text"})
    assert ack["ok"] is True, ack
    first = ack["message"]
    assert_message(
        first,
        seq=1,
        content="Hello?",
        sender_type="visitor",
        sender_id=visitor.visitor_id,
        client_id=client_id,
    )
    conversation_id = first["conversation_id"]

    conversation = desk.wait_for("conversation", lambda c: c["id"] == conversation_id)
    assert conversation["status"] == "open", conversation
    assert conversation["agent"]["id"] == agent.id, conversation
    assert conversation["visitor"]["id"] == visitor.visitor_id, conversation
    assert conversation["skill_group"] == agent.skill, conversation
    assert ISO_UTC.match(conversation["created_at"]) and ISO_UTC.match(conversation["assigned_at"])
    assert desk.wait_for_message(first["id"]) == first
    order = [(e, p.get("id")) for e, p in desk.events() if e in ("conversation", "message")]
    assert order.index(("conversation", conversation_id)) < order.index(("message", first["id"]))

    assert other_tab.wait_for_message(first["id"]) == first
    # Anything emitted to the sending socket would have arrived before its ack.
    assert first["id"] not in [m["id"] for m in tab.received("message")]
    tab.wait_for("conversation", lambda c: c["id"] == conversation_id and c["status"] == "open")

    reply = desk.say("Hi, how can I help?", conversation_id=conversation_id)
    assert_message(
        reply, seq=2, content="Hi, how can I help?", sender_type="agent", sender_id=str(agent.id)
    )
    assert reply["conversation_id"] == conversation_id
    assert tab.wait_for_message(reply["id"]) == reply
    assert other_tab.wait_for_message(reply["id"]) == reply
    assert reply["id"] not in [m["id"] for m in desk.received("message")]

    synced = tab.sync(after_seq=0)
    assert [m["seq"] for m in synced["messages"]] == [1, 2]
    assert synced["messages"] == [first, reply]
    assert synced["conversation"]["id"] == conversation_id
    assert synced["conversation"]["last_seq"] == 2


def test_round_trip_over_polling_only(server, make_agent, make_visitor, connect):
    """Both sides on the long-polling transport only: the round trip works the same."""
    agent = make_agent()
    visitor = make_visitor(skill_group=agent.skill)
    desk = connect(agent, transports=POLLING)
    tab = connect(visitor, transports=POLLING)
    assert (desk.transport, tab.transport) == ("polling", "polling")

    first = tab.say("Over polling")
    assert first["seq"] == 1
    conversation = desk.wait_for("conversation", lambda c: c["id"] == first["conversation_id"])
    assert conversation["agent"]["id"] == agent.id
    assert desk.wait_for_message(first["id"])["content"] == "Over polling"

    reply = desk.say("Polling reply", conversation_id=first["conversation_id"])
    assert reply["seq"] == 2
    assert tab.wait_for_message(reply["id"])["content"] == "Polling reply"
    assert [m["seq"] for m in tab.sync(after_seq=0)["messages"]] == [1, 2]


def message_count(server, conversation_id):
    body = server.api.expect(
        "GET",
        f"/api/conversations/{conversation_id}/messages?limit=500",
        200,
        token=server.admin.access_token,
    )
    seqs = [m["seq"] for m in body["data"]]
    assert seqs == list(range(1, len(seqs) + 1)), seqs
    return len(seqs)


def test_duplicate_client_id_returns_the_stored_message(server, make_agent, make_visitor, connect):
    """The same client_id again (visitor socket, agent socket, REST) returns the stored
    message and stores nothing new; REST answers 201 then 200."""
    agent = make_agent()
    visitor = make_visitor(skill_group=agent.skill)
    desk = connect(agent)
    tab = connect(visitor)

    visitor_cid = new_client_id()
    first = tab.say("Once", client_id=visitor_cid)
    conversation_id = first["conversation_id"]
    desk.wait_for_message(first["id"])
    again = tab.call("message", {"client_id": visitor_cid, "content": "Once", "type": "text"})
    assert again == {"ok": True, "message": first}
    assert message_count(server, conversation_id) == 1

    agent_cid = new_client_id()
    answer = desk.say("Answer", conversation_id=conversation_id, client_id=agent_cid)
    again = desk.call(
        "message",
        {"conversation_id": conversation_id, "client_id": agent_cid, "content": "Answer"},
    )
    assert again == {"ok": True, "message": answer}
    assert message_count(server, conversation_id) == 2

    path = f"/api/conversations/{conversation_id}/messages"
    rest_cid = new_client_id()
    body = {"client_id": rest_cid, "content": "Over REST"}
    created = server.api.post(path, token=agent.access_token, json=body)
    assert created.status_code == 201, created.text
    repeated = server.api.post(path, token=agent.access_token, json=body)
    assert repeated.status_code == 200, repeated.text
    assert repeated.json() == created.json()
    assert created.json()["seq"] == 3
    # The agent's socket client_id is the same sender's: REST returns that stored message.
    socket_twin = server.api.post(
        path, token=agent.access_token, json={"client_id": agent_cid, "content": "Answer"}
    )
    assert socket_twin.status_code == 200, socket_twin.text
    assert socket_twin.json() == answer
    assert message_count(server, conversation_id) == 3

    # Retries publish nothing: after a later message arrives, each arrived exactly once.
    last = tab.say("Last")
    desk.wait_for_message(last["id"])
    tab.wait_for_message(created.json()["id"])
    assert [m["seq"] for m in desk.received("message")] == [1, 3, 4]
    assert [m["seq"] for m in tab.received("message")] == [2, 3]
    assert [m["seq"] for m in tab.sync(after_seq=0)["messages"]] == [1, 2, 3, 4]


def test_reconnected_visitor_syncs_exactly_what_it_missed(
    server, make_agent, make_visitor, connect
):
    """A visitor that saw seq N, went away and came back (visitor_id + secret) gets exactly
    the messages after N from `sync`, in seq order."""
    agent = make_agent()
    visitor = make_visitor(skill_group=agent.skill)
    desk = connect(agent)
    tab = connect(visitor)

    first = tab.say("Are you there?")
    conversation_id = first["conversation_id"]
    desk.wait_for_message(first["id"])
    reply = desk.say("Yes.", conversation_id=conversation_id)
    seen = tab.wait_for_message(reply["id"])["seq"]
    assert seen == 2
    tab.disconnect()

    missed = [
        desk.say(text, conversation_id=conversation_id)
        for text in ("One moment.", "Checking your order.", "Found it.")
    ]

    resumed = server.api.expect(
        "POST",
        "/api/visitor/auth",
        200,
        json={"visitor_id": visitor.visitor_id, "visitor_secret": visitor.secret},
    )
    assert resumed["visitor_id"] == visitor.visitor_id
    assert "visitor_secret" not in resumed
    back = connect(
        type(visitor)(visitor.visitor_id, visitor.secret, resumed["token"], visitor.skill_group)
    )
    synced = back.sync(after_seq=seen)
    assert synced["messages"] == missed
    assert [m["seq"] for m in synced["messages"]] == [3, 4, 5]
    assert synced["conversation"]["id"] == conversation_id
    assert synced["conversation"]["last_seq"] == 5
    assert back.sync(after_seq=5)["messages"] == []
