"""Screenshots of the "@" list of a private note and of the mentioned colleague's alert for
docs/dashboard.md (docs/images/dashboard-mention-en.png, -zh-CN.png, -alert-en.png).

Written only when KEFU_SCREENSHOTS=1 (into KEFU_SCREENSHOTS_DIR, default docs/images);
otherwise skipped, so the normal suite never rewrites the pictures."""

import json

import pytest
from conftest import SCREENSHOT_DIR, Dashboard, Widget, screenshots_only, wait_until
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    screenshots_only,
]

OUT = SCREENSHOT_DIR


def sign_in(page, agent, lang):
    page.goto(f"/dashboard?lang={lang}")
    page.locator("#login-email").fill(agent["email"])
    page.locator("#login-password").fill(agent["password"])
    page.locator("#login-submit").click()
    expect(page.locator("#conn")).to_have_attribute("data-state", "ok")
    return Dashboard(page)


def mention(page, before, name):
    """Type `before` and "@" in the note, then pick `name` from the list."""
    composer = page.get_by_test_id("composer")
    composer.press_sequentially(before + "@")
    page.get_by_test_id("mention-item").filter(has_text=name).click()


def test_mention_screenshots(kefu_server, new_page, make_agent, nobody_else_online, admin_token):
    OUT.mkdir(parents=True, exist_ok=True)
    nobody_else_online()
    ann = make_agent(name="Ann Lee")
    ben, bea, li = (
        make_agent(name="Ben Wang"),
        make_agent(name="Bea Schmidt"),
        make_agent(name="李伟"),
    )
    make_agent(name="Carl Diaz")  # offline: listed after those who are in
    desk = sign_in(new_page(), ann, "en")

    shop = Widget(new_page()).visit("/").open()
    read = "localStorage.getItem('kefu.visitor')"
    wait_until(lambda: shop.page.evaluate(read), message="the widget's visitor credentials")
    visitor_id = json.loads(shop.page.evaluate(read))["visitor_id"]
    kefu_server.api(
        "PATCH",
        f"/api/visitors/{visitor_id}",
        {"name": "Maria Garcia", "email": "maria@example.com"},
        token=admin_token,
    )
    shop.send("Hi, my order #1042 has not arrived yet. Can I get a refund?")
    expect(desk.conversation("Maria Garcia")).to_be_visible()

    desk_ben = sign_in(new_page(), ben, "en")
    sign_in(new_page(), li, "en")
    sign_in(new_page(), bea, "en").set_status("away")

    desk.conversation("Maria Garcia").locator(".conv-open").click()
    expect(desk.messages).to_contain_text("order #1042")
    desk.reply("Sorry to hear that, Maria. Let me check with our shipping team.")
    desk.page.get_by_test_id("note-toggle").click()
    mention(desk.page, "Stuck at customs since Monday. ", "Ben Wang")
    desk.page.get_by_test_id("composer").press_sequentially("can you call the broker?")
    desk.page.get_by_test_id("composer").press("Enter")
    expect(desk.page.locator("[data-testid='mention']").first).to_have_text("@Ben Wang")
    # Ben opens it from his toast: Ann's chat, read-only.
    desk_ben.page.get_by_test_id("mention-open").click()
    expect(desk_ben.page.locator("#chat-status")).to_have_text("Mentioned")

    pages = {"en": desk.page, "zh-CN": sign_in(new_page(), ann, "zh-CN").page}
    pages["zh-CN"].locator("#mine-list .conv-open").first.click()
    pages["zh-CN"].get_by_test_id("note-toggle").click()
    drafts = {
        "en": "She asks for a refund of order #1042, who approves? @",
        "zh-CN": "客户要求退款（订单 #1042），请帮忙审批 @",
    }
    for lang, page in pages.items():
        expect(page.locator("[data-testid='mention']").first).to_be_visible()
        page.get_by_test_id("composer").press_sequentially(drafts[lang])
        expect(page.get_by_test_id("mention-item").first).to_be_visible()
        page.keyboard.press("ArrowDown")
        # Tall enough that the note with its highlighted mention shows above the list.
        page.set_viewport_size({"width": 1280, "height": 900})
        page.mouse.move(0, 0)
        page.screenshot(path=str(OUT / f"dashboard-mention-{lang}.png"))

    # Ann asks Ben again: his toast comes over the chat he is reading.
    page = pages["en"]
    page.get_by_test_id("mention-item").filter(has_text="Ben Wang").click()
    page.get_by_test_id("composer").press_sequentially("if it is you, go ahead.")
    page.get_by_test_id("composer").press("Enter")
    desk_ben.page.set_viewport_size({"width": 1280, "height": 900})
    expect(desk_ben.page.get_by_test_id("mention-toast")).to_be_visible()
    expect(desk_ben.messages).to_contain_text("go ahead")
    desk_ben.page.mouse.move(0, 0)
    desk_ben.page.screenshot(path=str(OUT / "dashboard-mention-alert-en.png"))
