"""Robustness: messages typed while the server is down, or while its database cannot
take them, are delivered once it is back, without the user asking."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

RECONNECT_MS = 20_000  # server restart plus socket.io's reconnection back-off


def test_messages_written_during_a_server_restart_are_delivered_exactly_once(
    kefu_server, widget, dashboard, make_agent, nobody_else_online, unique
):
    """Both sides keep unacknowledged messages pending and resend them (same client_id)
    after reconnecting; sync fills in what the other side sent meanwhile."""
    agent = make_agent()
    nobody_else_online()
    desk = dashboard(agent)
    visitor = widget().visit("/").open()
    visitor.send(f"Before the outage {unique}")
    desk.open_conversation(unique)
    desk.reply(f"Hello before {unique}")
    expect(visitor.incoming(f"Hello before {unique}")).to_be_visible()

    kefu_server.stop()
    expect(visitor.frame.locator("#conn")).to_be_visible()
    expect(desk.conn).not_to_have_attribute("data-state", "ok")

    visitor.send(f"Written while offline {unique}")
    expect(visitor.pending(f"Written while offline {unique}")).to_contain_text("Sending…")
    desk.reply_box.fill(f"Agent reply while offline {unique}")
    desk.page.get_by_role("button", name="Send", exact=True).click()
    expect(desk.messages.locator(".kf-msg--pending")).to_contain_text("Sending…")

    kefu_server.restart()

    expect(visitor.stored(f"Written while offline {unique}")).to_have_count(1, timeout=RECONNECT_MS)
    expect(visitor.incoming(f"Agent reply while offline {unique}")).to_have_count(
        1, timeout=RECONNECT_MS
    )
    expect(desk.conn).to_have_attribute("data-state", "ok", timeout=RECONNECT_MS)
    expect(
        desk.messages.locator(".kf-bubble", has_text=f"Written while offline {unique}")
    ).to_have_count(1, timeout=RECONNECT_MS)
    expect(visitor.frame.locator(".kf-msg--pending")).to_have_count(0)
    expect(desk.messages.locator(".kf-msg--pending")).to_have_count(0)
    expect(visitor.frame.locator("#conn")).to_be_hidden()


def test_a_message_the_database_could_not_take_is_sent_again_by_itself(
    kefu_server, widget, admin_token, unique
):
    """Another process holds SQLite's write lock (a backup, a CLI command) past the server's
    5 s busy timeout: the send is answered `unavailable`, and the widget sends it again by
    itself, as that answer asks; it is stored once, with no click on Retry."""
    visitor = widget().visit("/").open()
    visitor.send(f"Before the lock {unique}")
    expect(visitor.stored(f"Before the lock {unique}")).to_have_count(1)
    with kefu_server.database_locked() as send_refused:
        visitor.send(f"During the lock {unique}")
        send_refused()
        expect(visitor.pending(f"During the lock {unique}")).to_contain_text("Sending…")
    expect(visitor.stored(f"During the lock {unique}")).to_have_count(1, timeout=RECONNECT_MS)
    found = kefu_server.api("GET", f"/api/conversations?q={quote(unique)}", token=admin_token)[
        "data"
    ]
    assert len(found) == 1
    messages = kefu_server.api(
        "GET", f"/api/conversations/{found[0]['id']}/messages", token=admin_token
    )["data"]
    assert [m["content"] for m in messages if unique in m["content"]] == [
        f"Before the lock {unique}",
        f"During the lock {unique}",
    ]
