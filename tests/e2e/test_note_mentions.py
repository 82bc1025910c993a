"""@mentions in private notes, end to end: Ann writes a note in her chat and picks Bea from
the "@" list; Bea, elsewhere, gets the chime, a desktop notification and a toast with the
note's words, opens the chat read-only and finds the note, her name highlighted; the
visitor's widget never shows the note."""

import pytest
from conftest import Dashboard, wait_until
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# As in test_dashboard_alerts.py: record each desktop notification, and let the test say
# whether the dashboard's window has the focus.
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


def test_a_mentioned_colleague_is_alerted_and_reads_the_note(
    kefu_server,
    widget,
    dashboard,
    alerting_page,
    make_agent,
    nobody_else_online,
    admin_token,
    unique,
):
    tag = unique[:6]
    ann, bea = make_agent(name=f"Ann {tag}"), make_agent(name=f"Bea {tag}")
    nobody_else_online()
    desk_ann = dashboard(ann)
    shop = widget().visit("/").open()
    shop.send(f"My parcel is late {unique}")
    expect(desk_ann.conversation(unique)).to_be_visible()

    # Bea signs in once the chat is Ann's; her window is in the background.
    desk_bea = Dashboard(alerting_page).login(bea)
    page_bea = desk_bea.page
    page_bea.get_by_role("button", name="Desktop alerts").click()
    expect(page_bea.get_by_role("button", name="Desktop alerts")).to_be_hidden()
    page_bea.evaluate("window.__focused = false")

    # Ann: a note, "@" and part of Bea's name, the arrow and Enter pick her.
    desk_ann.open_conversation(unique)
    page_ann = desk_ann.page
    page_ann.get_by_test_id("note-toggle").click()
    composer = page_ann.get_by_test_id("composer")
    composer.press_sequentially("Please check @")
    items = page_ann.get_by_test_id("mention-item")
    expect(items.first).to_be_visible()
    composer.press_sequentially(tag)  # narrows the list to this test's two agents
    expect(items).to_have_count(1)  # Ann is not offered to herself
    expect(items.first).to_have_attribute("data-agent-id", str(bea["id"]))
    expect(items.first).to_contain_text(f"Bea {tag}")
    composer.press("Enter")
    expect(items).to_have_count(0)
    expect(composer).to_have_value(f"Please check @Bea {tag} ")
    composer.press_sequentially(f"the courier ticket {unique}")
    composer.press("Enter")

    note = page_ann.locator(
        "[data-testid='message'][data-private='true']:not(.kf-msg--pending)",
        has_text=f"the courier ticket {unique}",
    )
    expect(note).to_have_count(1)
    expect(note.get_by_test_id("mention")).to_have_text(f"@Bea {tag}")
    expect(note.get_by_test_id("mention")).to_have_attribute("data-agent-id", str(bea["id"]))
    conversation_id = note.get_attribute("data-conversation")

    # Bea: the toast with the words, the chime, the desktop notification.
    toast = page_bea.get_by_test_id("mention-toast")
    expect(toast).to_have_attribute("data-conversation-id", conversation_id)
    expect(toast).to_contain_text(f"Ann {tag} mentioned you in conversation #{conversation_id}")
    expect(toast).to_contain_text(f"the courier ticket {unique}")
    expect(page_bea.locator("body")).to_have_attribute("data-alerts-played", "1")
    wait_until(lambda: page_bea.evaluate("window.__notes.length") == 1, message="a notification")
    notice = page_bea.evaluate("window.__notes[0]")
    assert notice["title"] == f"Ann {tag} mentioned you"
    assert f"the courier ticket {unique}" in notice["body"]

    # Opening it shows Ann's chat read-only, the note and Bea's name marked as hers.
    toast.get_by_test_id("mention-open").click()
    seen = page_bea.locator(
        "[data-testid='message'][data-private='true']", has_text=f"the courier ticket {unique}"
    )
    expect(seen).to_have_count(1)
    expect(seen.get_by_test_id("mention")).to_have_class("kf-mention kf-mention--me")
    expect(desk_bea.messages).to_contain_text(f"My parcel is late {unique}")
    expect(page_bea.locator("#chat-status")).to_have_text("Mentioned")
    expect(page_bea.locator("#chat-banner")).to_contain_text(f"Ann {tag}")
    expect(page_bea.locator("#reply-form")).to_be_hidden()
    expect(page_bea.locator("#transfer-open")).to_be_hidden()

    # The visitor: Ann's next reply arrives, the note never does.
    desk_ann.page.get_by_test_id("note-toggle").click()
    desk_ann.reply(f"It leaves the depot today {unique}")
    expect(shop.incoming(f"It leaves the depot today {unique}")).to_be_visible()
    expect(shop.log).not_to_contain_text("courier ticket")
    expect(shop.log).not_to_contain_text(f"Bea {tag}")

    # And the server kept who was mentioned, for staff.
    staff = kefu_server.api(
        "GET", f"/api/conversations/{conversation_id}/messages", token=admin_token
    )["data"]
    assert [m["mentions"] for m in staff if m["private"]] == [[bea["id"]]]
