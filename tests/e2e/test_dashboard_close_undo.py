"""Close with undo: the close goes to the server only once the undo window has passed (the
page's clock is driven by the test, so nothing waits 5 real seconds); Undo keeps the
conversation open and the agent can go on writing."""

import pytest
from conftest import Dashboard, Widget
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PAST_THE_WINDOW_MS = 6_000


def status_of(kefu_server, admin_token, conversation_id):
    return kefu_server.api("GET", f"/api/conversations/{conversation_id}", token=admin_token)[
        "status"
    ]


def test_close_waits_for_the_undo_window_and_undo_keeps_it_open(
    kefu_server, new_page, widget, make_agent, nobody_else_online, admin_token, unique
):
    nobody_else_online()
    page = new_page()
    page.clock.install()
    desk = Dashboard(page).login(make_agent())
    shop = Widget(widget().page).visit("/").open()
    shop.send(f"bye soon {unique}")
    desk.open_conversation(f"bye soon {unique}")
    item = desk.conversation(f"bye soon {unique}")
    conversation_id = int(item.get_attribute("data-id"))

    close = page.get_by_test_id("close")
    close.click()
    undo = page.get_by_test_id("undo")
    expect(undo).to_be_visible()
    expect(close).to_be_disabled()
    undo.click()
    expect(undo).to_have_count(0)
    expect(close).to_be_enabled()
    page.clock.fast_forward(PAST_THE_WINDOW_MS)
    desk.reply(f"still here {unique}")  # a round trip after the window: nothing closed it
    assert status_of(kefu_server, admin_token, conversation_id) == "open"
    expect(shop.incoming(f"still here {unique}")).to_be_visible()

    close.click()
    expect(undo).to_be_visible()
    assert status_of(kefu_server, admin_token, conversation_id) == "open"  # not yet
    page.clock.fast_forward(PAST_THE_WINDOW_MS)
    expect(page.locator("#chat-status")).to_have_attribute("data-kind", "closed")
    assert status_of(kefu_server, admin_token, conversation_id) == "closed"
