"""Who may do what in a conversation once a private note @mentions a colleague (the rows of
test_authorization.py for the mentioned agent; docs/dashboard.md, Mentions).

Reading: the mentioned agent reads the conversation, its messages (with the note and its
mentions) and syncs it. So does an agent not mentioned, as before mentions existed
(principals.require_can_read: staff read every conversation). Writing stays with the
holder: a mention gives no write access. The visitor never sees the note or its mentions,
by any road."""

import pytest

from kefu.extensions import socketio
from tests.factories import as_agent, as_visitor, staff_says, visitor_says

OK = "ok"
NOTE_TEXT = "@Bea can you approve the refund?"


@pytest.fixture
def mentioned(app, make_agent, make_visitor, online, agent_token, visitor_token, sink):
    """Ann holds Vera's conversation and mentions Bea in a note; Cai is not mentioned."""
    ann = make_agent(name="Ann")
    online(ann)
    vera = make_visitor(name="Vera")
    first, _ = visitor_says(as_visitor(vera), "v1", "where is my refund")
    bea, cai = make_agent(name="Bea"), make_agent(name="Cai")
    cid = first.conversation_id
    note, _ = staff_says(as_agent(ann), cid, "n1", NOTE_TEXT, private=True, mentions=[bea.id])
    staff_says(as_agent(ann), cid, "r1", "Looking into it")
    tokens = {
        "holder": agent_token(ann),
        "mentioned": agent_token(bea),
        "not_mentioned": agent_token(cai),
        "visitor": visitor_token(vera),
    }
    return {"cid": cid, "note": note, "bea": bea, "vera": vera, "tokens": tokens}


def _status(response):
    return response.status_code if response.status_code in (401, 403, 404) else OK


def _rest(client, token, method, path, body=None):
    return client.open(path, method=method, headers={"Authorization": f"Bearer {token}"}, json=body)


# (method, path) -> outcome for the mentioned agent and for an agent not mentioned
REST = {
    ("GET", "/api/conversations/{cid}"): {"mentioned": OK, "not_mentioned": OK},
    ("GET", "/api/conversations/{cid}/messages"): {"mentioned": OK, "not_mentioned": OK},
    ("POST", "/api/conversations/{cid}/messages"): {"mentioned": 403, "not_mentioned": 403},
    ("POST", "/api/conversations/{cid}/transfer"): {"mentioned": 403, "not_mentioned": 403},
    ("POST", "/api/conversations/{cid}/close"): {"mentioned": 403, "not_mentioned": 403},
}
BODIES = {
    "/api/conversations/{cid}/messages": {"client_id": "x1", "content": "hi", "private": True},
    "/api/conversations/{cid}/transfer": {"skill_group": "g1"},
}


@pytest.mark.parametrize("operation", list(REST), ids=lambda op: f"{op[0]} {op[1]}")
def test_rest_access_of_a_mentioned_agent(client, mentioned, operation):
    method, path = operation
    seen = {
        who: _status(
            _rest(
                client,
                mentioned["tokens"][who],
                method,
                path.format(cid=mentioned["cid"]),
                BODIES.get(path),
            )
        )
        for who in REST[operation]
    }
    assert seen == REST[operation]


def test_the_mentioned_agent_reads_the_note_with_its_mentions(client, mentioned):
    token, cid = mentioned["tokens"]["mentioned"], mentioned["cid"]
    listed = _rest(client, token, "GET", f"/api/conversations/{cid}/messages").get_json()
    notes = [m for m in listed["data"] if m["private"]]
    assert [(n["content"], n["mentions"]) for n in notes] == [(NOTE_TEXT, [mentioned["bea"].id])]
    assert all("mentions" not in m for m in listed["data"] if not m["private"])


# /agent events -> outcome for the mentioned agent and for an agent not mentioned. `watch`
# (follow a colleague's open chat live, chat/visibility.py) is refused to a plain agent,
# and a mention is what lets one in.
SOCKET = {
    "sync": {"mentioned": OK, "not_mentioned": OK},
    "watch": {"mentioned": OK, "not_mentioned": 403},
    "read": {"mentioned": 403, "not_mentioned": 403},
    "typing": {"mentioned": 403, "not_mentioned": 403},
}
SOCKET_PAYLOADS = {
    "sync": lambda cid: {"conversation_id": cid, "after_seq": 0},
    "watch": lambda cid: {"conversation_id": cid},
    "read": lambda cid: {"conversation_id": cid, "seq": 1},
    "typing": lambda cid: {"conversation_id": cid, "typing": True},
}


@pytest.mark.parametrize("who", ["mentioned", "not_mentioned"])
def test_socket_access_of_a_mentioned_agent(app, mentioned, who):
    sc = socketio.test_client(app, namespace="/agent", auth={"token": mentioned["tokens"][who]})
    seen, acks = {}, {}
    for name, build in SOCKET_PAYLOADS.items():
        ack = sc.emit(name, build(mentioned["cid"]), namespace="/agent", callback=True)
        acks[name] = ack
        seen[name] = OK if ack.get("ok") else {"forbidden": 403}.get(ack["error"]["code"])
    sc.disconnect(namespace="/agent")
    assert seen == {name: outcomes[who] for name, outcomes in SOCKET.items()}
    notes = [m for m in acks["sync"]["messages"] if m["private"]]
    assert [n["mentions"] for n in notes] == [[mentioned["bea"].id]]


def test_the_visitor_never_sees_the_note_or_its_mentions(app, client, mentioned):
    token, vera = mentioned["tokens"]["visitor"], mentioned["vera"]
    history = _rest(client, token, "GET", f"/api/messages/history?visitor_id={vera.id}")
    transcript = _rest(client, token, "GET", "/api/visitor/transcript")
    sc = socketio.test_client(app, namespace="/visitor", auth={"token": token})
    synced = sc.emit("sync", {"after_seq": 0}, namespace="/visitor", callback=True)
    sc.disconnect(namespace="/visitor")

    assert history.status_code == 200 and transcript.status_code == 200
    for shown in (history.get_json()["data"], synced["messages"]):
        assert [m["content"] for m in shown] == ["where is my refund", "Looking into it"]
        assert all("mentions" not in m and not m["private"] for m in shown)
    assert "refund?" not in transcript.get_data(as_text=True)
    assert "Bea" not in transcript.get_data(as_text=True)


def test_staff_history_carries_the_mentions(client, mentioned):
    token, vera = mentioned["tokens"]["not_mentioned"], mentioned["vera"]
    history = _rest(client, token, "GET", f"/api/messages/history?visitor_id={vera.id}")
    notes = [m for m in history.get_json()["data"] if m["private"]]
    assert [n["mentions"] for n in notes] == [[mentioned["bea"].id]]
