"""@mentions in private notes (docs/dashboard.md, Mentions): stored with the note in its
own transaction, refused without a trace when wrong, announced after the commit to the
mentioned agents only, and never shown to the visitor."""

import pytest
from sqlalchemy import event, func, select

from kefu.chat import agents as agent_service
from kefu.extensions import db
from kefu.models import Conversation, Message, NoteMention

from .conftest import acked, received

V, A = "/visitor", "/agent"

pytestmark = pytest.mark.usefixtures("served")


@pytest.fixture
def team(make_agent, make_visitor, agent_token, visitor_token, socket_client):
    """Ann holds Vera's conversation; Bea and Cai are colleagues online elsewhere."""
    ann = make_agent(name="Ann")
    ann_sc = socket_client(A, agent_token(ann))
    vera = make_visitor(name="Vera")
    vera_sc = socket_client(V, visitor_token(vera))
    first = acked(vera_sc, "message", {"client_id": "v1", "content": "my order is late"}, V)
    cid = first["message"]["conversation_id"]
    bea, cai = make_agent(name="Bea"), make_agent(name="Cai")
    bea_sc = socket_client(A, agent_token(bea))
    cai_sc = socket_client(A, agent_token(cai))
    for sc in (ann_sc, bea_sc, cai_sc):
        received(sc, A)
    received(vera_sc, V)
    return {
        "cid": cid,
        "ann": (ann, ann_sc),
        "bea": (bea, bea_sc),
        "cai": (cai, cai_sc),
        "vera": (vera, vera_sc),
    }


def note(sc, cid, content, mentions, client_id="n1", private=True):
    payload = {
        "conversation_id": cid,
        "client_id": client_id,
        "content": content,
        "private": private,
        "mentions": mentions,
    }
    return acked(sc, "message", payload, A)


def mention_rows():
    return db.session.execute(
        select(NoteMention.message_id, NoteMention.agent_id, NoteMention.conversation_id)
    ).all()


def test_a_mention_is_stored_with_the_note_and_reaches_only_the_mentioned(team):
    cid = team["cid"]
    (_, ann_sc), (bea, bea_sc), (_, cai_sc) = team["ann"], team["bea"], team["cai"]
    _, vera_sc = team["vera"]

    ack = note(ann_sc, cid, "@Bea  can you\nrefund this?", [bea.id])

    assert ack["ok"] and ack["message"]["private"] is True
    assert ack["message"]["mentions"] == [bea.id]
    assert mention_rows() == [(ack["message"]["id"], bea.id, cid)]
    alerts = received(bea_sc, A, "mention")
    assert alerts == [
        {
            "conversation_id": cid,
            "seq": ack["message"]["seq"],
            "message_id": ack["message"]["id"],
            "by": {"id": team["ann"][0].id, "name": "Ann"},
            "excerpt": "@Bea can you refund this?",
        }
    ]
    assert received(cai_sc, A, "mention") == []
    assert received(ann_sc, A, "mention") == []
    assert received(vera_sc, V) == []  # neither the note nor its mention


def test_a_retried_note_answers_its_mentions_and_alerts_once(team):
    cid, (_, ann_sc), (bea, bea_sc) = team["cid"], team["ann"], team["bea"]
    first = note(ann_sc, cid, "@Bea look", [bea.id], client_id="same")
    again = note(ann_sc, cid, "@Bea look", [bea.id], client_id="same")
    assert again["ok"] and again["message"]["id"] == first["message"]["id"]
    assert again["message"]["mentions"] == [bea.id]
    assert len(received(bea_sc, A, "mention")) == 1
    assert len(mention_rows()) == 1


def _deactivated(make_agent):
    gone = make_agent(name="Gone")
    agent_service.deactivate_agent(gone.id)
    return gone.id


@pytest.mark.parametrize(
    "case",
    [
        "not_private",
        "unknown_agent",
        "deactivated_agent",
        "twice",
        "too_many",
        "not_an_int",
        "a_bool",
        "not_a_list",
    ],
)
def test_a_refused_mention_stores_and_announces_nothing(team, make_agent, case):
    cid, (_, ann_sc), (bea, bea_sc) = team["cid"], team["ann"], team["bea"]
    _, vera_sc = team["vera"]
    mentions, private = {
        "not_private": ([bea.id], False),
        "unknown_agent": ([bea.id, 999999], True),
        "deactivated_agent": ([_deactivated(make_agent)], True),
        "twice": ([bea.id, bea.id], True),
        "too_many": ([make_agent().id for _ in range(21)], True),
        "not_an_int": (["2"], True),
        "a_bool": ([True], True),
        "not_a_list": (bea.id, True),
    }[case]
    messages_before = db.session.scalar(select(func.count()).select_from(Message))

    ack = note(ann_sc, cid, "@Bea look", mentions, private=private)

    assert ack["ok"] is False
    assert ack["error"]["code"] == "invalid_field"
    assert ack["error"].get("field", "").startswith("mentions")  # "mentions.0": the first item
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Message)) == messages_before
    assert db.session.get(Conversation, cid).last_seq == 1
    assert mention_rows() == []
    assert received(bea_sc, A, "mention") == []
    assert received(vera_sc, V) == []


def test_the_mentions_commit_with_the_note_or_not_at_all(team, monkeypatch):
    """A mention row that cannot be written (here: the same agent twice, past the checks)
    takes the note down with it: one transaction."""
    cid, (_, ann_sc), (bea, bea_sc) = team["cid"], team["ann"], team["bea"]
    monkeypatch.setattr("kefu.chat.messages.checked_mentions", lambda ids, private: (bea.id,) * 2)

    ack = note(ann_sc, cid, "@Bea look", [bea.id])

    assert ack["ok"] is False
    db.session.expire_all()
    assert db.session.get(Conversation, cid).last_seq == 1
    assert db.session.scalar(select(func.count()).select_from(Message).where(Message.private)) == 0
    assert mention_rows() == []
    assert received(bea_sc, A, "mention") == []


def test_a_note_without_mentions_never_touches_their_table(team, app):
    """The plain message path is as before: no query on note_mentions, no event."""
    cid, (_, ann_sc), (_, bea_sc) = team["cid"], team["ann"], team["bea"]
    _, vera_sc = team["vera"]
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        acked(
            ann_sc,
            "message",
            {"conversation_id": cid, "client_id": "r1", "content": "on it"},
            A,
        )
        plain = note(ann_sc, cid, "just a note", [])
        acked(vera_sc, "message", {"client_id": "v2", "content": "thanks"}, V)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert seen and not [s for s in seen if "note_mentions" in s]
    assert plain["message"]["mentions"] == []
    assert received(bea_sc, A, "mention") == []
