"""Bad socket input is refused in the ack, stores nothing, and leaves the socket usable."""

import pytest

from .clients import assert_error, assert_failed_ack, new_client_id
from .server import MAX_MESSAGE_CHARS

pytestmark = pytest.mark.integration

TOO_LONG = "x" * (MAX_MESSAGE_CHARS + 1)

# label: (payload or a callable making it from a fresh client_id, expected error code)
VISITOR_BAD_MESSAGES = {
    "over-long content": ({"content": TOO_LONG}, "message_too_long"),
    "empty content": ({"content": ""}, "empty_message"),
    "blank content": ({"content": " \n\t "}, "empty_message"),
    "content not a string": ({"content": 42}, "invalid_field"),
    "missing content": ({"content": None}, "missing_field"),
    "65-char client_id": ({"client_id": "c" * 65}, "invalid_client_id"),
    "empty client_id": ({"client_id": ""}, "invalid_client_id"),
    "client_id not a string": ({"client_id": 7}, "invalid_client_id"),
    "unknown type": ({"type": "image"}, "invalid_field"),
    "lone surrogate in content": ({"content": "x\ud800"}, "invalid_field"),
    "NUL in content": ({"content": "x\x00y"}, "invalid_field"),
    "string payload": ("hello", "invalid_payload"),
    "list payload": (["hello"], "invalid_payload"),
    "no payload": (None, "invalid_payload"),
}


def build(payload, **base):
    """Merge a table entry into a good payload; None values remove the field."""
    if not isinstance(payload, dict):
        return payload
    merged = {**base, **payload}
    return {key: value for key, value in merged.items() if value is not None}


@pytest.mark.parametrize("case", list(VISITOR_BAD_MESSAGES))
def test_bad_visitor_message(server, make_visitor, connect, case):
    """The visitor's bad message is refused with its code; nothing is stored (not even a
    conversation); a good message on the same socket then succeeds as seq 1."""
    payload, code = VISITOR_BAD_MESSAGES[case]
    tab = connect(make_visitor())
    good = {"client_id": new_client_id(), "content": "fine", "type": "text"}

    assert_failed_ack(tab.call("message", build(payload, **good)), code)
    assert tab.sync() == {"ok": True, "conversation": None, "messages": []}

    ack = tab.call("message", good)
    assert ack["ok"] is True, ack
    assert ack["message"]["seq"] == 1
    assert [m["content"] for m in tab.sync()["messages"]] == ["fine"]


def test_visitor_message_at_the_limit_is_accepted(server, make_visitor, connect):
    """KEFU_MAX_MESSAGE_CHARS characters exactly is fine; one more is message_too_long."""
    tab = connect(make_visitor())
    at_limit = "y" * MAX_MESSAGE_CHARS
    assert tab.say(at_limit)["content"] == at_limit
    over = {"client_id": new_client_id(), "content": at_limit + "y"}
    assert_failed_ack(tab.call("message", over), "message_too_long")
    assert [m["seq"] for m in tab.sync()["messages"]] == [1]


def test_bad_input_to_other_visitor_events(server, make_visitor, connect):
    """sync, read and rate with bad payloads are refused; the socket keeps working."""
    visitor = make_visitor()
    tab = connect(visitor)
    stranger = connect(make_visitor())
    theirs = stranger.say("mine")["conversation_id"]

    assert_failed_ack(tab.call("sync", {"after_seq": -1}), "invalid_field")
    assert_failed_ack(tab.call("sync", "all"), "invalid_payload")
    assert_failed_ack(tab.call("read", {"seq": 1}), "conversation_not_found")
    mine = tab.say("hello")["conversation_id"]
    assert_failed_ack(tab.call("read", {"seq": "1"}), "invalid_field")
    assert_failed_ack(tab.call("rate", {"conversation_id": mine, "score": 6}), "invalid_field")
    assert_failed_ack(
        tab.call("rate", {"conversation_id": theirs, "score": 5, "comment": "ha"}), "forbidden"
    )
    assert tab.call("read", {"seq": 1}) == {"ok": True}
    assert tab.say("still here")["seq"] == 2
    # The stranger's conversation is untouched.
    assert [m["content"] for m in stranger.sync()["messages"]] == ["mine"]
    assert stranger.sync()["conversation"]["rating"] is None


@pytest.fixture(scope="module")
def desk_agent(server):
    """One agent for this module's agent tests; each test closes the conversation it opens."""
    return server.create_agent()


@pytest.fixture
def agent_desk(desk_agent, make_visitor, connect):
    """An agent with one conversation of its own: (account, desk socket, conversation id)."""
    agent = desk_agent
    desk = connect(agent)
    tab = connect(make_visitor(skill_group=agent.skill))
    first = tab.say("hello agent")
    desk.wait_for_message(first["id"])
    return agent, desk, first["conversation_id"]


AGENT_BAD_MESSAGES = {
    "over-long content": ({"content": TOO_LONG}, "message_too_long"),
    "empty content": ({"content": ""}, "empty_message"),
    "65-char client_id": ({"client_id": "c" * 65}, "invalid_client_id"),
    "missing conversation_id": ({"conversation_id": None}, "missing_field"),
    "conversation_id zero": ({"conversation_id": 0}, "invalid_field"),
    "conversation_id a string": ({"conversation_id": "1"}, "invalid_field"),
    "unknown conversation": ({"conversation_id": 2_000_000_000}, "conversation_not_found"),
    "lone surrogate in content": ({"content": "\udfffx"}, "invalid_field"),
    "string payload": ("hello", "invalid_payload"),
}


@pytest.mark.parametrize("content", ["x\ud800", "x\x00y"])
def test_unstorable_text_over_rest_is_a_400(server, agent_desk, content):
    """REST answered 500 for a lone surrogate (and PostgreSQL for a NUL): now 400
    invalid_field in the contract's shape, and nothing is stored."""
    agent, desk, conversation_id = agent_desk
    response = server.api.post(
        f"/api/conversations/{conversation_id}/messages",
        token=agent.access_token,
        json={"client_id": new_client_id(), "content": content},
    )
    assert_error(response, 400, "invalid_field")
    assert [m["seq"] for m in desk.sync(0, conversation_id)["messages"]] == [1]


@pytest.mark.parametrize("case", list(AGENT_BAD_MESSAGES))
def test_bad_agent_message(server, agent_desk, case):
    """The agent's bad message is refused with its code and stores nothing; a good message
    on the same socket then succeeds."""
    _, desk, conversation_id = agent_desk
    payload, code = AGENT_BAD_MESSAGES[case]
    good = {"conversation_id": conversation_id, "client_id": new_client_id(), "content": "ok"}

    assert_failed_ack(desk.call("message", build(payload, **good)), code)
    assert [m["seq"] for m in desk.sync(0, conversation_id)["messages"]] == [1]

    ack = desk.call("message", good)
    assert ack["ok"] is True, ack
    assert ack["message"]["seq"] == 2


def test_agent_cannot_write_to_someone_elses_conversation(
    server, agent_desk, make_agent, make_visitor, connect
):
    """A conversation assigned to another agent, or still queued: forbidden over the socket
    and over REST (403), and nothing is stored there; the socket keeps working."""
    agent, desk, own = agent_desk
    other = make_agent()
    other_desk = connect(other)
    their_tab = connect(make_visitor(skill_group=other.skill))
    theirs = their_tab.say("for the other agent")
    other_desk.wait_for_message(theirs["id"])
    queued = connect(make_visitor()).say("nobody has this group")["conversation_id"]

    for target in (theirs["conversation_id"], queued):
        payload = {"conversation_id": target, "client_id": new_client_id(), "content": "psst"}
        assert_failed_ack(desk.call("message", payload), "forbidden")
        rest = server.api.post(
            f"/api/conversations/{target}/messages",
            token=agent.access_token,
            json={"client_id": new_client_id(), "content": "psst"},
        )
        assert_error(rest, 403, "forbidden")
        stored = server.api.expect(
            "GET", f"/api/conversations/{target}/messages", 200, token=server.admin.access_token
        )["data"]
        assert [m["seq"] for m in stored] == [1], stored

    assert desk.say("still mine", conversation_id=own)["seq"] == 2
    assert other_desk.received("message") == [theirs]
