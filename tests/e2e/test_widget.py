"""The widget as customers embed it: on their own site, for signed-in users, on phones."""

import hashlib
import hmac

import pytest
from conftest import Widget
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _shop_page(kefu_url, **data):
    attributes = " ".join(f'data-{key.replace("_", "-")}="{value}"' for key, value in data.items())
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Mein Konto</title>'
        # Hostile page styles: the widget must look the same regardless.
        "<style>button{all:unset;color:red} div{display:block !important}</style></head>"
        f'<body><h1>Mein Konto</h1><script src="{kefu_url}/widget.js" async {attributes}>'
        "</script></body></html>"
    ).encode()


def test_widget_on_another_site_identifies_a_signed_in_user(
    kefu_server, foreign_site, new_page, widget, dashboard, make_agent, nobody_else_online, unique
):
    """Data attributes reach the agent (name, email, page, locale, skill group), and the
    same user_id is the same visitor in any browser."""
    agent = make_agent(skills=["sales"])
    nobody_else_online()
    desk = dashboard(agent)
    user_id = f"customer-{unique}"
    digest = hmac.new(
        kefu_server.identity_secret.encode(), user_id.encode(), hashlib.sha256
    ).hexdigest()
    shop = foreign_site(
        _shop_page(
            kefu_server.url,
            user_id=user_id,
            user_hash=digest,
            name="Jane Doe",
            email="jane@shop.example",
            skill_group="sales",
            locale="de-DE",
        )
    )
    visitor = widget().visit(f"{shop}/account").open()
    visitor.send(f"Where is my invoice? {unique}")
    expect(visitor.stored(f"Where is my invoice? {unique}")).to_have_count(1)

    item = desk.conversation(unique)
    expect(item).to_contain_text("Jane Doe")
    desk.open_conversation(unique)
    details = desk.page.get_by_role("complementary", name="Visitor details")
    for text in ("Jane Doe", "jane@shop.example", f"{shop}/account", "de-DE", "sales"):
        expect(details).to_contain_text(text)

    # The same signed-in customer in another browser: same visitor, same conversation.
    again = widget().visit(f"{shop}/account").open()
    expect(again.stored(f"Where is my invoice? {unique}")).to_have_count(1)
    again.send(f"Hello from my phone {unique}")
    expect(desk.messages).to_contain_text(f"Hello from my phone {unique}")
    expect(desk.mine.locator("li", has_text="Jane Doe")).to_have_count(1)


def test_widget_fills_a_phone_screen_and_closes_back_to_the_launcher(widget):
    """On a narrow screen the chat is full-screen; minimize and Escape return to the launcher."""
    visitor = widget(mobile=True).visit("/").open()
    # Once the opening animation settles, the chat covers the whole 390x780 screen.
    visitor.page.wait_for_function(
        """() => {
            const frame = document.querySelector("#kefu-widget").shadowRoot.querySelector("iframe");
            const box = frame.getBoundingClientRect();
            return box.left === 0 && box.top === 0 &&
                box.width === innerWidth && box.height === innerHeight && innerWidth === 390;
        }"""
    )
    expect(visitor.launcher).to_be_hidden()
    expect(visitor.input).to_be_focused()

    visitor.frame.get_by_role("button", name="Minimize chat").click()
    expect(visitor.launcher).to_be_visible()
    expect(visitor.launcher).to_have_attribute("aria-expanded", "false")
    expect(visitor.launcher).to_be_focused()

    visitor.launcher.click()
    expect(visitor.input).to_be_focused()
    visitor.input.press("Escape")
    expect(visitor.launcher).to_have_attribute("aria-expanded", "false")


def test_a_phone_page_without_a_viewport_tag_still_gets_a_full_screen_chat(
    new_page, kefu_server, foreign_site
):
    """A host page with no viewport meta is laid out 980px wide on a phone: while the chat
    is open the loader gives it a device-width viewport, and puts the page's back after."""
    site = foreign_site(
        b"<!doctype html><html><head><title>Old shop</title></head><body>"
        b"<p>A page made for desktops.</p>"
        + f'<script src="{kefu_server.url}/widget.js" async></script>'.encode()
        + b"</body></html>"
    )
    page = new_page(mobile=True)
    page.goto(site)
    visitor = Widget(page)
    expect(visitor.launcher).to_be_visible()
    assert page.evaluate("innerWidth") == 980  # zoomed out: the page's own layout
    visitor.launcher.click()
    expect(visitor.launcher).to_have_attribute("aria-expanded", "true")
    page.wait_for_function(
        """() => {
            const frame = document.querySelector("#kefu-widget").shadowRoot.querySelector("iframe");
            const box = frame.getBoundingClientRect();
            return innerWidth === 390 && box.left === 0 && box.top === 0 &&
                box.width === innerWidth && box.height === innerHeight;
        }"""
    )
    page.evaluate("Kefu.close()")
    expect(visitor.launcher).to_have_attribute("aria-expanded", "false")
    page.wait_for_function("innerWidth === 980")
    assert page.evaluate("document.querySelector('meta[name=viewport]')") is None
