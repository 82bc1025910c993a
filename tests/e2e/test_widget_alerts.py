"""The visitor is told of an agent's message while the chat is closed or the tab hidden: a
chime (armed by the visitor's first gesture on the page, counted on the widget's host
element), the tab's title flashing, and a preview beside the launcher that opens the chat."""

from conftest import wait_until
from playwright.sync_api import expect

HOST = "#kefu-widget"


def reply_to(kefu_server, admin_token, unique, text):
    def conversation_id():
        found = kefu_server.api("GET", f"/api/conversations?q={unique}", token=admin_token)
        return found["data"][0]["id"] if found["data"] else None

    wait_until(conversation_id, timeout=10, message="the conversation to be stored")
    kefu_server.api(
        "POST",
        f"/api/conversations/{conversation_id()}/messages",
        {"client_id": f"reply-{unique}-{text[:8]}", "content": text},
        token=admin_token,
    )


def test_a_reply_to_a_closed_chat_chimes_and_previews(widget, kefu_server, admin_token, unique):
    shop = widget().visit()
    shop.page.mouse.click(5, 5)  # the visitor's first gesture on the page arms the chime
    shop.open()
    shop.send(f"Do you ship abroad? {unique}")
    expect(shop.stored(unique)).to_be_visible()
    shop.launcher.click()  # closed again
    expect(shop.launcher).to_have_attribute("aria-expanded", "false")

    reply_to(kefu_server, admin_token, unique, "Yes, to 40 countries. Where to?")
    preview = shop.page.get_by_test_id("kefu-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Yes, to 40 countries. Where to?")
    expect(shop.page.locator(HOST)).to_have_attribute("data-chimes", "1")
    expect(shop.page.get_by_test_id("kefu-unread")).to_have_text("1")

    preview.click()
    expect(shop.launcher).to_have_attribute("aria-expanded", "true")
    expect(preview).to_be_hidden()
    expect(shop.incoming("40 countries")).to_be_visible()


def test_a_hidden_tab_flashes_its_title_until_the_visitor_is_back(
    widget, kefu_server, admin_token, unique
):
    shop = widget().visit()
    shop.open()
    shop.send(f"Hello {unique}")
    expect(shop.stored(unique)).to_be_visible()
    title = shop.page.title()
    shop.page.evaluate(
        "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    reply_to(kefu_server, admin_token, unique, "Hi! How can I help?")
    shop.page.wait_for_function("document.title.startsWith('(1) New message')")
    # Opening the chat was a gesture: the chime is armed and plays for the hidden tab.
    expect(shop.page.locator(HOST)).to_have_attribute("data-chimes", "1")
    shop.page.evaluate(
        "Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    shop.page.wait_for_function(f"document.title === {title!r}")
