"""Alerts that work: the sign-in click arms the sound, a new conversation and a visitor's
message chime (counted in body[data-alerts-played]) and, with the permission granted and the
dashboard not in front, show a desktop notification; the sound switch silences the chime."""

import pytest
from conftest import Dashboard, Widget
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Records each desktop notification the page makes (still making the real one), and lets
# the test say whether the dashboard's window has the focus.
RECORD_NOTIFICATIONS = """
window.__notes = [];
window.__focused = true;
const Real = window.Notification;
class Recorded extends Real {
  constructor(title, options) {
    window.__notes.push({ title, body: (options && options.body) || "" });
    super(title, options);
  }
}
Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
Recorded.requestPermission = (...args) => Real.requestPermission(...args);
window.Notification = Recorded;
document.hasFocus = () => window.__focused;
"""


@pytest.fixture
def alerting_page(browser, kefu_server):
    context = browser.new_context(
        base_url=kefu_server.url,
        viewport={"width": 1280, "height": 800},
        permissions=["notifications"],
    )
    context.add_init_script(RECORD_NOTIFICATIONS)
    yield context.new_page()
    context.close()


def played(page):
    return int(page.evaluate("Number(document.body.dataset.alertsPlayed || 0)"))


def test_new_conversations_and_messages_chime_and_notify(
    alerting_page, widget, make_agent, nobody_else_online, unique
):
    nobody_else_online()
    desk = Dashboard(alerting_page).login(make_agent())
    page = desk.page
    page.get_by_role("button", name="Desktop alerts").click()
    expect(page.get_by_role("button", name="Desktop alerts")).to_be_hidden()
    page.evaluate("window.__focused = false")  # the agent is in another window

    shop = widget().visit("/").open()
    shop.send(f"first {unique}")
    expect(page.locator("body")).to_have_attribute("data-alerts-played", "1")
    notes = page.evaluate("window.__notes")
    assert notes[0]["title"].startswith("New conversation: "), notes

    shop.send(f"second {unique}")
    expect(page.locator("body")).to_have_attribute("data-alerts-played", "2")
    assert page.evaluate("window.__notes.length") == 2
    assert page.evaluate("window.__notes[1].body") == f"second {unique}"

    page.locator("#alerts-toggle").click()  # sound off
    expect(page.locator("#alerts-toggle")).to_have_attribute("aria-pressed", "false")
    shop.send(f"third {unique}")
    expect(desk.messages).to_contain_text(f"third {unique}")
    assert played(page) == 2
    assert page.evaluate("window.__notes.length") == 3  # the desktop notice still comes


def test_no_alert_for_the_conversation_in_front_of_the_agent(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    nobody_else_online()
    desk = dashboard(make_agent())
    shop = Widget(widget().page).visit("/").open()
    shop.send(f"hello {unique}")
    expect(desk.page.locator("body")).to_have_attribute("data-alerts-played", "1")
    desk.open_conversation(f"hello {unique}")
    shop.send(f"more {unique}")
    expect(desk.messages).to_contain_text(f"more {unique}")
    assert played(desk.page) == 1
