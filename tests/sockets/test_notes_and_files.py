"""Private notes and attachments on the one message path (PROTOCOL.md section 5): a note
never reaches the visitor by any road; a file travels both ways and is read only by the
conversation's people."""

import io

import pytest

from kefu.extensions import db
from kefu.models import Attachment
from tests.images import minimal_pdf, png_bytes

from .conftest import acked, received

V, A = "/visitor", "/agent"

pytestmark = pytest.mark.usefixtures("served")


def upload(client, token, data, name):
    return client.post(
        "/api/attachments",
        headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def opened(pair):
    agent, agent_sc, visitor, visitor_sc = pair(name="Vera")
    first = acked(visitor_sc, "message", {"client_id": "v1", "content": "hello"}, V)
    received(agent_sc, A)
    return agent, agent_sc, visitor, visitor_sc, first["message"]["conversation_id"]


def test_a_private_note_never_reaches_the_visitor(pair, client, visitor_token):
    agent, agent_sc, visitor, visitor_sc, cid = opened(pair)
    note = acked(
        agent_sc,
        "message",
        {"conversation_id": cid, "client_id": "n1", "content": "VIP, be kind", "private": True},
        A,
    )
    assert note["ok"] and note["message"]["private"] is True and note["message"]["seq"] == 2
    reply = acked(
        agent_sc, "message", {"conversation_id": cid, "client_id": "a1", "content": "Hi"}, A
    )
    assert reply["message"]["private"] is False and reply["message"]["seq"] == 3

    live = received(visitor_sc, V, "message")
    assert [m["content"] for m in live] == ["Hi"]
    synced = acked(visitor_sc, "sync", {"after_seq": 0}, V)
    assert [m["seq"] for m in synced["messages"]] == [1, 3]
    assert synced["last_visible_seq"] == 3
    history = client.get(
        f"/api/messages/history?visitor_id={visitor.id}",
        headers={"Authorization": f"Bearer {visitor_token(visitor)}"},
    ).get_json()
    assert "VIP, be kind" not in [m["content"] for m in history["data"]]
    assert history["total"] == 2

    staff = acked(agent_sc, "sync", {"conversation_id": cid, "after_seq": 0}, A)
    assert [(m["seq"], m["private"]) for m in staff["messages"]] == [
        (1, False),
        (2, True),
        (3, False),
    ]


def test_a_trailing_note_is_not_a_gap_for_the_visitor(pair):
    _, agent_sc, _, visitor_sc, cid = opened(pair)
    acked(
        agent_sc,
        "message",
        {"conversation_id": cid, "client_id": "n", "content": "x", "private": True},
        A,
    )
    synced = acked(visitor_sc, "sync", {"after_seq": 1}, V)
    assert synced["messages"] == [] and synced["last_visible_seq"] == 1


def test_a_file_both_ways(pair, client, visitor_token, agent_token):
    agent, agent_sc, visitor, visitor_sc, cid = opened(pair)
    sent = upload(client, visitor_token(visitor), png_bytes(), "screenshot.png")
    assert sent.status_code == 201, sent.get_json()
    uploaded = sent.get_json()
    assert uploaded["content_type"] == "image/png" and (uploaded["width"], uploaded["height"]) == (
        8,
        6,
    )
    ack = acked(
        visitor_sc,
        "message",
        {"client_id": "v2", "content": "see", "type": "file", "attachment_id": uploaded["id"]},
        V,
    )
    assert ack["ok"] and ack["message"]["type"] == "file"
    assert ack["message"]["attachment"]["name"] == "screenshot.png"
    heard = received(agent_sc, A, "message")[-1]
    assert heard["attachment"]["id"] == uploaded["id"]
    fetched = client.get(heard["attachment"]["url"])
    assert fetched.status_code == 200 and fetched.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert fetched.headers["Content-Disposition"].startswith("inline")
    assert "sandbox" in fetched.headers["Content-Security-Policy"]
    assert fetched.headers["X-Content-Type-Options"] == "nosniff"

    pdf = upload(client, agent_token(agent), minimal_pdf(), "terms.pdf").get_json()
    reply = acked(
        agent_sc,
        "message",
        {
            "conversation_id": cid,
            "client_id": "a2",
            "content": "",
            "type": "file",
            "attachment_id": pdf["id"],
        },
        A,
    )
    assert reply["ok"], reply
    got = received(visitor_sc, V, "message")[-1]
    download = client.get(got["attachment"]["url"])
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Type"] == "application/pdf"


def test_an_upload_is_attached_once_and_by_its_uploader_only(
    pair, client, visitor_token, agent_token
):
    agent, agent_sc, visitor, visitor_sc, cid = opened(pair)
    mine = upload(client, visitor_token(visitor), png_bytes(), "a.png").get_json()
    file_message = {"content": "", "type": "file", "attachment_id": mine["id"]}
    theirs = acked(
        agent_sc, "message", {"conversation_id": cid, "client_id": "a1", **file_message}, A
    )
    assert theirs["error"]["code"] == "attachment_not_found"
    first = acked(visitor_sc, "message", {"client_id": "f1", **file_message}, V)
    assert first["ok"]
    retry = acked(visitor_sc, "message", {"client_id": "f1", **file_message}, V)
    assert retry["ok"] and retry["message"]["id"] == first["message"]["id"]
    again = acked(visitor_sc, "message", {"client_id": "f2", **file_message}, V)
    assert again["error"]["code"] == "attachment_used"
    unattached = acked(
        visitor_sc, "message", {"client_id": "f3", "content": "x", "type": "file"}, V
    )
    assert unattached["error"]["code"] == "invalid_field"


def test_a_notes_file_is_not_the_visitors(pair, client, visitor_token, agent_token):
    agent, agent_sc, visitor, visitor_sc, cid = opened(pair)
    internal = upload(client, agent_token(agent), png_bytes(), "internal.png").get_json()
    note = acked(
        agent_sc,
        "message",
        {
            "conversation_id": cid,
            "client_id": "n1",
            "content": "",
            "type": "file",
            "attachment_id": internal["id"],
            "private": True,
        },
        A,
    )
    assert note["ok"] and note["message"]["private"]
    as_visitor = client.get(
        f"/api/attachments/{internal['id']}",
        headers={"Authorization": f"Bearer {visitor_token(visitor)}"},
    )
    assert as_visitor.status_code == 403
    as_agent = client.get(
        f"/api/attachments/{internal['id']}",
        headers={"Authorization": f"Bearer {agent_token(agent)}"},
    )
    assert as_agent.status_code == 200
    assert db.session.get(Attachment, internal["id"]).uploader_type == "agent"
