"""Messages left through the offline form: listed live under the pending tab with what the
visitor wrote, and picked into the agent's own conversations."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def leave_a_message(kefu_server, name, content):
    token = kefu_server.api("POST", "/api/visitor/auth", {})["token"]
    body = kefu_server.api(
        "POST",
        "/api/visitor/offline-message",
        {"name": name, "email": "left@example.com", "content": content},
        token=token,
    )
    return body["conversation"]["id"]


def test_a_left_message_appears_live_and_an_agent_picks_it(
    kefu_server, dashboard, make_agent, unique
):
    """Already listed at sign-in, a new one arrives by event; Pick makes it mine and takes
    it off every agent's pending list."""
    earlier = leave_a_message(kefu_server, f"Early {unique}", f"Please call me back {unique}")
    agent = make_agent()
    colleague = make_agent()
    desk = dashboard(agent)
    other = dashboard(colleague)

    tab = desk.page.get_by_test_id("tab-pending")
    expect(tab).to_have_attribute("aria-expanded", "true")
    items = desk.page.locator("#pending-list [data-testid='conv-item']")
    first = items.filter(has_text=f"Please call me back {unique}")
    expect(first).to_have_attribute("data-conversation-id", str(earlier))
    expect(first).to_contain_text(f"Early {unique}")

    later = leave_a_message(kefu_server, f"Late {unique}", f"Is the shop open on Sunday? {unique}")
    second = items.filter(has_text=f"Is the shop open on Sunday? {unique}")
    expect(second).to_have_attribute("data-conversation-id", str(later))
    their_second = other.page.locator(
        "#pending-list [data-testid='conv-item']", has_text=f"Sunday? {unique}"
    )
    expect(their_second).to_be_visible()

    second.get_by_test_id("pick").click()
    expect(second).to_have_count(0)
    expect(their_second).to_have_count(0)
    expect(desk.conversation(f"Late {unique}")).to_be_visible()
    expect(desk.messages).to_contain_text(f"Is the shop open on Sunday? {unique}")
    expect(desk.reply_box).to_be_focused()

    tab.click()
    expect(tab).to_have_attribute("aria-expanded", "false")
    expect(first).to_be_hidden()
