"""History: closed conversations listed newest first, searched by what was said, and read
in the chat pane without a composer."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def closed_conversation(kefu_server, admin_token, name, content):
    token = kefu_server.api("POST", "/api/visitor/auth", {})["token"]
    conversation = kefu_server.api(
        "POST",
        "/api/visitor/offline-message",
        {"name": name, "email": "history@example.com", "content": content},
        token=token,
    )["conversation"]
    kefu_server.api("POST", f"/api/conversations/{conversation['id']}/close", {}, token=admin_token)
    return conversation["id"]


def test_an_agent_finds_a_closed_conversation_by_what_was_said(
    kefu_server, admin_token, dashboard, make_agent, unique
):
    refund = closed_conversation(
        kefu_server, admin_token, f"Rita {unique}", f"My refund {unique} never arrived"
    )
    closed_conversation(kefu_server, admin_token, f"Sam {unique}", f"Opening hours? {unique}")
    desk = dashboard(make_agent())
    page = desk.page

    tab = page.get_by_test_id("tab-closed")
    expect(tab).to_have_attribute("aria-expanded", "false")
    tab.click()
    items = page.locator("#history-list [data-testid='conv-item']")
    expect(items.filter(has_text=f"Sam {unique}")).to_have_count(1)

    page.get_by_test_id("search").fill(f"refund {unique}")
    expect(items).to_have_count(1)
    expect(items.first).to_have_attribute("data-conversation-id", str(refund))
    expect(items.first).to_contain_text(f"Rita {unique}")

    items.first.locator(".conv-open").click()
    expect(desk.messages).to_contain_text(f"My refund {unique} never arrived")
    expect(page.locator("#chat-status")).to_have_text("Closed")
    expect(page.get_by_test_id("composer")).to_be_hidden()

    page.get_by_test_id("search").fill(f"nothing-like-this-{unique}")
    expect(items).to_have_count(0)
    expect(page.locator("#history-empty")).to_contain_text(f"nothing-like-this-{unique}")
