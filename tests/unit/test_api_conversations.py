"""REST of blueprints/api_conversations.py: listing, messages, transfer, close; the message limit."""

import pytest

from kefu.models import Message
from tests.factories import visitor_says

from .rest import bearer, count, login


def test_conversation_endpoints(client, make_agent, make_visitor):
    from kefu.chat.principals import Principal

    agent = make_agent()
    token = login(client, agent).get_json()["access_token"]
    visitor = make_visitor()
    message, _ = visitor_says(Principal("visitor", visitor.id), "c1", "hi")
    cid = message.conversation_id
    listed = client.get("/api/conversations?status=queued", headers=bearer(token)).get_json()
    assert listed["total"] == 1 and listed["data"][0]["queue_position"] == 1
    assert client.get("/api/conversations?status=nope", headers=bearer(token)).status_code == 400
    forbidden = client.post(
        f"/api/conversations/{cid}/messages",
        headers=bearer(token),
        json={"client_id": "a", "content": "x"},
    )
    assert forbidden.status_code == 403
    picked = client.post(f"/api/conversations/{cid}/pick", headers=bearer(token)).get_json()
    assert picked["status"] == "open" and picked["queue_position"] is None
    mine = client.get("/api/conversations?mine=1&status=open", headers=bearer(token)).get_json()
    assert [c["id"] for c in mine["data"]] == [cid]
    sent = client.post(
        f"/api/conversations/{cid}/messages",
        headers=bearer(token),
        json={"client_id": "a", "content": "x"},
    )
    assert sent.status_code == 201 and sent.get_json()["seq"] == 2
    page = client.get(
        f"/api/conversations/{cid}/messages?after_seq=1", headers=bearer(token)
    ).get_json()
    assert [m["seq"] for m in page["data"]] == [2]
    too_long = client.post(
        f"/api/conversations/{cid}/messages",
        headers=bearer(token),
        json={"client_id": "b", "content": "x" * 5001},
    )
    assert (
        too_long.status_code == 413 and too_long.get_json()["error"]["code"] == "message_too_long"
    )
    assert count(Message) == 2
    closed = client.post(f"/api/conversations/{cid}/close", headers=bearer(token)).get_json()
    assert closed["status"] == "closed" and closed["closed_at"].endswith("Z")
    assert client.get("/api/conversations/999", headers=bearer(token)).status_code == 404
    assert client.get("/api/conversations/abc", headers=bearer(token)).status_code == 404


def test_message_rate_limit_refuses_and_stores_nothing(app, make_visitor, sink):
    """Past the limit: 429 rate_limited, nothing stored; a retry of a stored message passes."""
    from kefu.chat.principals import Principal
    from kefu.errors import KefuError

    app.config["RATE_LIMIT_MESSAGES"] = "3 per minute"
    who = Principal("visitor", make_visitor().id)
    for n in range(3):
        visitor_says(who, f"c{n}", "hi")
    before = count(Message)
    with pytest.raises(KefuError) as err:
        visitor_says(who, "c3", "one too many")
    assert (err.value.status, err.value.code) == (429, "rate_limited")
    assert count(Message) == before
    retried, created = visitor_says(who, "c0", "hi")
    assert not created and retried.seq == 1
