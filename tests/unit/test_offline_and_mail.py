"""Messages left offline (a pending conversation), the emails of kefu.mail through a real
SMTP server on loopback, transcripts, and a visitor's own profile changes."""

import pytest
from sqlalchemy import select

from kefu.extensions import db
from kefu.mail.sweep import send_due
from kefu.models import Conversation, Visitor
from tests.factories import as_agent, staff_says
from tests.mailbox import smtp_server  # noqa: F401 - the fixture

from .rest import bearer, login

LEFT = {"name": "Li Lei", "email": "lilei@example.com", "content": "Do you ship to Shanghai?"}


@pytest.fixture
def mail(app, smtp_server):  # noqa: F811
    url, mailbox = smtp_server
    app.config.update(
        SMTP_URL=url,
        NOTIFY_EMAILS=["team@example.com"],
        REPLY_EMAIL_DELAY_SECONDS=0,
        PUBLIC_URL="https://support.example.com",
    )
    return mailbox


def leave(client, visitor_token, visitor, body=LEFT):
    return client.post(
        "/api/visitor/offline-message", headers=bearer(visitor_token(visitor)), json=body
    )


def test_a_message_left_offline_is_pending_and_emailed_to_the_team(
    app, client, mail, make_visitor, visitor_token, make_agent, sink
):
    visitor = make_visitor()
    answer = leave(client, visitor_token, visitor)
    assert answer.status_code == 201
    conversation = answer.get_json()["conversation"]
    assert conversation["status"] == "pending" and conversation["agent"] is None
    assert [kind for kind, *_ in sink.events].count("conversation") == 0  # not routed
    stored = db.session.get(Visitor, visitor.id)
    assert (stored.name, stored.email) == ("Li Lei", "lilei@example.com")

    assert send_due() == 1
    ((recipients, letter),) = mail.wait_for(1)
    assert recipients == ["team@example.com"]
    assert "Li Lei" in letter["Subject"]
    assert "Do you ship to Shanghai?" in letter.get_content()
    assert "https://support.example.com/dashboard" in letter.get_content()
    assert send_due() == 0  # claimed once

    agent = make_agent()
    token = login(client, agent).get_json()["access_token"]
    listed = client.get("/api/conversations?status=pending", headers=bearer(token)).get_json()
    assert [c["id"] for c in listed["data"]] == [conversation["id"]]
    picked = client.post(f"/api/conversations/{conversation['id']}/pick", headers=bearer(token))
    assert picked.status_code == 200 and picked.get_json()["status"] == "open"


def test_an_unread_reply_is_emailed_once_in_the_visitors_language(
    app, client, mail, make_visitor, visitor_token, make_agent
):
    visitor = make_visitor(locale="zh-CN", page_url="https://shop.example.com/cart")
    conversation_id = leave(client, visitor_token, visitor).get_json()["conversation"]["id"]
    agent = make_agent(name="Alice")
    token = login(client, agent).get_json()["access_token"]
    client.post(f"/api/conversations/{conversation_id}/pick", headers=bearer(token))
    send_due()  # the team's notice
    mail.messages.clear()
    staff_says(as_agent(agent), conversation_id, "n1", "internal only", private=True)
    staff_says(as_agent(agent), conversation_id, "a1", "是的，我们发货到上海。")
    staff_says(as_agent(agent), conversation_id, "a2", "两到三天。")

    assert send_due() == 1
    ((recipients, letter),) = mail.wait_for(1)
    assert recipients == ["lilei@example.com"]
    assert "有新回复" in letter["Subject"]
    body = letter.get_content()
    assert "是的，我们发货到上海。" in body and "两到三天。" in body
    assert "internal only" not in body
    assert "https://shop.example.com/cart" in body
    assert send_due() == 0


def test_a_read_reply_is_not_emailed(app, client, mail, make_visitor, visitor_token, make_agent):
    from kefu.chat import conversations
    from tests.factories import as_visitor

    visitor = make_visitor()
    conversation_id = leave(client, visitor_token, visitor).get_json()["conversation"]["id"]
    agent = make_agent()
    token = login(client, agent).get_json()["access_token"]
    client.post(f"/api/conversations/{conversation_id}/pick", headers=bearer(token))
    reply, _ = staff_says(as_agent(agent), conversation_id, "a1", "Yes we do")
    conversation = db.session.get(Conversation, conversation_id)
    conversations.mark_read(as_visitor(visitor), conversation, reply.seq)
    mail.messages.clear()
    assert send_due() == 0 and mail.messages == []


def test_a_reply_is_not_emailed_before_its_delay(
    app, client, mail, make_visitor, visitor_token, make_agent
):
    app.config["REPLY_EMAIL_DELAY_SECONDS"] = 3600
    visitor = make_visitor()
    conversation_id = leave(client, visitor_token, visitor).get_json()["conversation"]["id"]
    agent = make_agent()
    token = login(client, agent).get_json()["access_token"]
    client.post(f"/api/conversations/{conversation_id}/pick", headers=bearer(token))
    send_due()
    mail.messages.clear()
    staff_says(as_agent(agent), conversation_id, "a1", "Yes we do")
    assert send_due() == 0
    assert db.session.scalar(select(Conversation.visitor_emailed_seq)) == 0


def test_a_refused_email_is_retried(app, client, make_visitor, visitor_token, smtp_server):  # noqa: F811
    url, mailbox = smtp_server
    app.config.update(SMTP_URL="smtp://127.0.0.1:1", NOTIFY_EMAILS=["team@example.com"])
    leave(client, visitor_token, make_visitor())
    assert send_due() == 0  # nothing listens on port 1
    assert db.session.scalar(select(Conversation.team_notified_at)) is None
    app.config["SMTP_URL"] = url
    assert send_due() == 1 and len(mailbox.wait_for(1)) == 1


def test_offline_form_input_is_checked(client, make_visitor, visitor_token):
    visitor = make_visitor()
    bad = leave(client, visitor_token, visitor, {**LEFT, "email": "not-an-address"})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_field"
    empty = leave(client, visitor_token, visitor, {**LEFT, "content": "  "})
    assert empty.status_code == 400 and empty.get_json()["error"]["code"] == "empty_message"
    assert db.session.scalar(select(Conversation.id)) is None


def test_transcript_has_no_private_notes(
    app, client, mail, make_visitor, visitor_token, make_agent
):
    visitor = make_visitor()
    conversation_id = leave(client, visitor_token, visitor).get_json()["conversation"]["id"]
    agent = make_agent(name="Alice")
    token = login(client, agent).get_json()["access_token"]
    client.post(f"/api/conversations/{conversation_id}/pick", headers=bearer(token))
    staff_says(as_agent(agent), conversation_id, "n1", "secret note", private=True)
    staff_says(as_agent(agent), conversation_id, "a1", "Yes, 2-3 days.")
    text = client.get("/api/visitor/transcript", headers=bearer(visitor_token(visitor)))
    assert text.status_code == 200 and text.mimetype == "text/plain"
    assert "Do you ship to Shanghai?" in text.text and "Yes, 2-3 days." in text.text
    assert "secret note" not in text.text
    assert "attachment" in text.headers["Content-Disposition"]

    mail.messages.clear()
    sent = client.post("/api/visitor/transcript/email", headers=bearer(visitor_token(visitor)))
    assert sent.status_code == 200 and sent.get_json()["sent_to"] == "lilei@example.com"
    ((recipients, letter),) = mail.wait_for(1)
    assert "Yes, 2-3 days." in letter.get_content() and "secret note" not in letter.get_content()


def test_a_visitor_changes_their_own_profile(client, make_visitor, visitor_token):
    visitor = make_visitor()
    headers = bearer(visitor_token(visitor))
    first = client.patch(
        "/api/visitor/me", headers=headers, json={"attributes": {"plan": "pro", "cart": 3}}
    )
    assert first.get_json()["attributes"] == {"plan": "pro", "cart": 3}
    second = client.patch(
        "/api/visitor/me", headers=headers, json={"name": "Ann", "attributes": {"cart": None}}
    ).get_json()
    assert second["attributes"] == {"plan": "pro"} and second["name"] == "Ann"
    too_many = {f"k{n}": n for n in range(51)}
    refused = client.patch("/api/visitor/me", headers=headers, json={"attributes": too_many})
    assert refused.status_code == 400
    assert db.session.get(Visitor, visitor.id).attributes == {"plan": "pro"}
