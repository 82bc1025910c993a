"""The unread count on the tab's icon, and "repeat until read": off by default; switched on,
the chime comes again every interval while a visitor's message is unread, and stops once it
is read. The page's clock is driven by the test, so nothing waits out a real interval."""

import re

import pytest
from conftest import Dashboard, Widget
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

INTERVAL_MS = 15_000


def played(page):
    return int(page.evaluate("Number(document.body.dataset.alertsPlayed || 0)"))


def test_favicon_badge_and_repeat_until_read(
    new_page, widget, make_agent, nobody_else_online, unique
):
    nobody_else_online()
    page = new_page()
    page.clock.install()
    desk = Dashboard(page).login(make_agent())
    icon = page.locator("link[rel~='icon']")
    expect(icon).to_have_attribute("data-count", "0")

    page.get_by_test_id("alerts-settings").click()
    repeat = page.get_by_test_id("alerts-repeat")
    expect(repeat).not_to_be_checked()  # off by default
    repeat.check()
    page.get_by_test_id("alerts-repeat-seconds").select_option(str(INTERVAL_MS // 1000))
    page.keyboard.press("Escape")

    Widget(widget().page).visit("/").open().send(f"first {unique}")
    expect(desk.conversation(f"first {unique}")).to_have_class(re.compile(r"\bis-selected\b"))
    Widget(widget().page).visit("/").open().send(f"second {unique}")
    second = desk.conversation(f"second {unique}")
    expect(second).to_have_attribute("data-unread", "1")
    expect(icon).to_have_attribute("data-count", "1")
    assert icon.get_attribute("href").startswith("data:image/svg+xml,")
    expect(page.locator("body")).to_have_attribute("data-alerts-played", "2")

    page.clock.fast_forward(INTERVAL_MS + 1_000)
    expect(page.locator("body")).to_have_attribute("data-alerts-played", "3")
    page.clock.fast_forward(INTERVAL_MS + 1_000)
    expect(page.locator("body")).to_have_attribute("data-alerts-played", "4")

    desk.open_conversation(f"second {unique}")
    expect(second).to_have_attribute("data-unread", "0")
    expect(icon).to_have_attribute("data-count", "0")
    page.clock.fast_forward(INTERVAL_MS * 2)
    page.clock.run_for(1_000)
    assert played(page) == 4  # read: no more repeats
