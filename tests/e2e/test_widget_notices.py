"""System notices reach the widget in the visitor's language: they travel as a code with
parameters (kefu/chat/notices.py) and each widget renders them in its own strings."""

from conftest import wait_until
from playwright.sync_api import expect


def test_a_chinese_visitor_reads_the_closing_notice_in_chinese(
    browser, kefu_server, admin_token, unique
):
    context = browser.new_context(
        base_url=kefu_server.url, locale="zh-CN", viewport={"width": 1280, "height": 800}
    )
    try:
        page = context.new_page()
        page.goto("/")
        page.locator("#kefu-widget").get_by_role("button").click()
        frame = page.frame_locator("iframe")
        composer = frame.get_by_test_id("kefu-composer")
        composer.fill(f"你好 {unique}")
        composer.press("Enter")

        def conversation_id():
            found = kefu_server.api("GET", f"/api/conversations?q={unique}", token=admin_token)
            return found["data"][0]["id"] if found["data"] else None

        wait_until(conversation_id, timeout=10, message="the conversation to be stored")
        cid = conversation_id()
        kefu_server.api("POST", f"/api/conversations/{cid}/close", {}, token=admin_token)
        notice = frame.locator(".kf-notice-text").last
        expect(notice).to_have_text("会话已结束。")
        stored = kefu_server.api("GET", f"/api/conversations/{cid}/messages", token=admin_token)
        assert stored["data"][-1]["content"] == "The conversation was closed."  # English stays
    finally:
        context.close()
