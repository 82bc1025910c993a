"""Private notes in the dashboard: written in note mode, shown as notes to staff, never to
the visitor (not in the widget, not in the visitor's history)."""

import json
import re
import urllib.parse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

NOTE_PLACEHOLDER = "Private note — only your team sees this"


def visitor_token(kefu_server, page):
    """A fresh token for the widget's visitor (the credentials it keeps in localStorage)."""
    saved = json.loads(page.evaluate("localStorage.getItem('kefu.visitor')"))
    body = kefu_server.api(
        "POST",
        "/api/visitor/auth",
        {"visitor_id": saved["visitor_id"], "visitor_secret": saved["visitor_secret"]},
    )
    return saved["visitor_id"], body["token"]


def test_a_private_note_is_shown_to_the_agent_and_hidden_from_the_visitor(
    kefu_server, widget, dashboard, make_agent, nobody_else_online, admin_token, unique
):
    """The composer switches to note mode; the note shows as a note for staff; the visitor's
    widget and history carry the replies around it but not the note."""
    agent = make_agent(name="Nora Notes")
    nobody_else_online()
    desk = dashboard(agent)
    visitor = widget().visit("/").open()
    visitor.send(f"My parcel is late {unique}")
    desk.open_conversation(unique)
    desk.reply(f"Checking with the courier {unique}")

    toggle = desk.page.get_by_test_id("note-toggle")
    composer = desk.page.get_by_test_id("composer")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(composer).to_have_attribute("placeholder", NOTE_PLACEHOLDER)
    expect(desk.page.locator("#reply-form")).to_have_class("reply reply--note")
    composer.fill(f"Courier ticket 4711, customer is upset {unique}")
    desk.page.get_by_test_id("send").click()

    note = desk.page.locator(
        '[data-testid="message"][data-private="true"]:not(.kf-msg--pending)',
        has_text=f"Courier ticket 4711, customer is upset {unique}",
    )
    expect(note).to_have_count(1)
    expect(note).to_have_attribute("data-sender", "agent")
    expect(note).to_have_attribute("data-seq", re.compile(r"^[1-9][0-9]*$"))
    expect(note.locator(".note-label")).to_have_text("Note")
    replies = desk.page.locator('[data-testid="message"][data-private="false"]')
    expect(replies).to_have_count(2)

    # Back to replying: the next message reaches the visitor, the note never does.
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(composer).to_have_attribute("placeholder", "Write a reply…")
    desk.reply(f"It leaves the depot today {unique}")
    expect(visitor.incoming(f"It leaves the depot today {unique}")).to_be_visible()
    expect(visitor.incoming(f"Checking with the courier {unique}")).to_be_visible()
    expect(visitor.log).not_to_contain_text("Courier ticket 4711")

    visitor_id, token = visitor_token(kefu_server, visitor.page)
    query = urllib.parse.urlencode({"visitor_id": visitor_id})
    seen = kefu_server.api("GET", f"/api/messages/history?{query}", token=token)["data"]
    contents = [m["content"] for m in seen]
    assert f"It leaves the depot today {unique}" in contents
    assert not any("Courier ticket 4711" in c for c in contents)
    assert not any(m.get("private") for m in seen)

    # Staff read it as a note.
    conversation_id = note.get_attribute("data-conversation")
    staff = kefu_server.api(
        "GET", f"/api/conversations/{conversation_id}/messages", token=admin_token
    )["data"]
    notes = [m for m in staff if "Courier ticket 4711" in m["content"]]
    assert len(notes) == 1 and notes[0]["private"] is True


def test_the_note_shortcut_switches_modes(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    """Ctrl+Shift+N toggles note mode from the keyboard and Enter adds the note."""
    agent = make_agent()
    nobody_else_online()
    desk = dashboard(agent)
    visitor = widget().visit("/").open()
    visitor.send(f"Hello {unique}")
    desk.open_conversation(unique)

    composer = desk.page.get_by_test_id("composer")
    composer.focus()
    desk.page.keyboard.press("Control+Shift+N")
    expect(desk.page.get_by_test_id("note-toggle")).to_have_attribute("aria-pressed", "true")
    composer.press_sequentially("internal only")
    desk.page.keyboard.press("Enter")
    expect(
        desk.page.locator('[data-testid="message"][data-private="true"]', has_text="internal only")
    ).to_have_count(1)
    desk.page.keyboard.press("Control+Shift+N")
    expect(desk.page.get_by_test_id("note-toggle")).to_have_attribute("aria-pressed", "false")
