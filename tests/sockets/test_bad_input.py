"""Bad input: a specific error code in the ack, nothing stored, the socket still usable."""

import pytest
from sqlalchemy import func, select

from kefu.extensions import db
from kefu.models import Conversation, Message

from .conftest import acked

V, A = "/visitor", "/agent"


def counts():
    return (
        db.session.scalar(select(func.count()).select_from(Message)),
        db.session.scalar(select(func.count()).select_from(Conversation)),
    )


VISITOR_CASES = [
    ("message", None, "invalid_payload"),
    ("message", "text", "invalid_payload"),
    ("message", [1, 2], "invalid_payload"),
    ("message", {"content": "hi"}, "invalid_client_id"),
    ("message", {"client_id": "", "content": "hi"}, "invalid_client_id"),
    ("message", {"client_id": "x" * 65, "content": "hi"}, "invalid_client_id"),
    ("message", {"client_id": 7, "content": "hi"}, "invalid_client_id"),
    ("message", {"client_id": "c"}, "missing_field"),
    ("message", {"client_id": "c", "content": 5}, "invalid_field"),
    ("message", {"client_id": "c", "content": ""}, "empty_message"),
    ("message", {"client_id": "c", "content": "x" * 5001}, "message_too_long"),
    ("message", {"client_id": "c", "content": "hi", "type": "image"}, "invalid_field"),
    # Not storable: a lone surrogate once failed a whole group-commit batch; PostgreSQL
    # refuses NUL.
    ("message", {"client_id": "c", "content": "x\ud800"}, "invalid_field"),
    ("message", {"client_id": "c", "content": "x\x00y"}, "invalid_field"),
    ("message", {"client_id": "c\udfff", "content": "hi"}, "invalid_client_id"),
    ("sync", {"after_seq": -1}, "invalid_field"),
    ("sync", {"after_seq": "1"}, "invalid_field"),
    ("read", {"seq": "x"}, "invalid_field"),
    ("read", {"seq": 1}, "conversation_not_found"),
    ("typing", {"typing": "yes"}, "invalid_field"),
    ("rate", {"conversation_id": 999, "score": 5}, "conversation_not_found"),
    ("rate", {"conversation_id": 1, "score": 6}, "invalid_field"),
]


@pytest.mark.parametrize("event, payload, code", VISITOR_CASES)
def test_visitor_bad_input(make_visitor, visitor_token, socket_client, event, payload, code):
    sc = socket_client(V, visitor_token(make_visitor()))
    before = counts()
    ack = acked(sc, event, payload, V)
    assert ack["ok"] is False and ack["error"]["code"] == code and ack["error"]["message"]
    assert counts() == before
    good = acked(sc, "message", {"client_id": "after", "content": "still works"}, V)
    assert good["ok"] is True


AGENT_CASES = [
    ("message", {"client_id": "c", "content": "hi"}, "missing_field"),
    ("message", {"conversation_id": "1", "client_id": "c", "content": "hi"}, "invalid_field"),
    (
        "message",
        {"conversation_id": 999, "client_id": "c", "content": "hi"},
        "conversation_not_found",
    ),
    ("message", {"conversation_id": "OTHER", "client_id": "c", "content": "hi"}, "forbidden"),
    ("close", {"conversation_id": "OTHER"}, "forbidden"),
    ("transfer", {"conversation_id": "OTHER", "skill_group": "x"}, "forbidden"),
    ("transfer", {"conversation_id": "MINE"}, "invalid_payload"),
    ("transfer", {"conversation_id": "MINE", "agent_id": 999}, "agent_not_found"),
    ("transfer", {"conversation_id": "MINE", "skill_group": "nope"}, "unknown_skill_group"),
    ("pick", {"conversation_id": "MINE"}, "already_assigned"),
    ("pick", {}, "missing_field"),
    ("status", {"status": "busy"}, "invalid_field"),
    ("sync", {"conversation_id": 999, "after_seq": 0}, "conversation_not_found"),
    ("read", {"conversation_id": "OTHER", "seq": 1}, "forbidden"),
    ("message", "nope", "invalid_payload"),
]


@pytest.mark.parametrize("event, payload, code", AGENT_CASES)
def test_agent_bad_input(
    make_agent, make_visitor, agent_token, visitor_token, socket_client, event, payload, code
):
    other_agent = make_agent()
    other_sc = socket_client(A, agent_token(other_agent))
    other_visitor = socket_client(V, visitor_token(make_visitor()))
    other_cid = acked(other_visitor, "message", {"client_id": "o", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    other_sc.emit("status", {"status": "away"}, namespace=A, callback=True)
    agent = make_agent()
    sc = socket_client(A, agent_token(agent))
    mine = socket_client(V, visitor_token(make_visitor()))
    my_cid = acked(mine, "message", {"client_id": "m", "content": "hi"}, V)["message"][
        "conversation_id"
    ]
    if isinstance(payload, dict) and "conversation_id" in payload:
        payload = {**payload}
        payload["conversation_id"] = {"OTHER": other_cid, "MINE": my_cid}.get(
            payload["conversation_id"], payload["conversation_id"]
        )
    before = counts()
    ack = acked(sc, event, payload, A)
    assert ack["ok"] is False and ack["error"]["code"] == code
    assert counts() == before
    good = acked(
        sc, "message", {"conversation_id": my_cid, "client_id": "ok", "content": "fine"}, A
    )
    assert good["ok"] is True
