"""Screenshots of the supervisor's All open view, the transfer picker and the shortcut list
for docs/dashboard.md (docs/images/dashboard-*.png).

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


def named_visitor_says(kefu_server, admin_token, page, name, email, text):
    """A visitor with a name (set as an admin would) opens the widget and writes."""
    shop = Widget(page).visit("/").open()
    read = "localStorage.getItem('kefu.visitor')"
    wait_until(lambda: page.evaluate(read), message="the widget's visitor credentials")
    saved = json.loads(page.evaluate(read))
    kefu_server.api(
        "PATCH",
        f"/api/visitors/{saved['visitor_id']}",
        {"name": name, "email": email},
        token=admin_token,
    )
    shop.send(text)
    return shop


def test_workspace_screenshots(
    kefu_server, new_page, make_agent, nobody_else_online, admin_token, unique
):
    OUT.mkdir(parents=True, exist_ok=True)
    nobody_else_online()
    boss_agent = make_agent(role="supervisor", name="Sofia Supervisor", skills=["sales"])
    boss = Dashboard(new_page()).login(boss_agent)
    boss.set_status("away")
    ann = make_agent(name="Ann Lee", skills=["sales", "billing"])
    ben = make_agent(name="Ben Wang", skills=["billing"])
    carl = make_agent(name="Carl Diaz", skills=["sales"])
    kefu_server.api("PATCH", f"/api/agents/{carl['id']}", {"max_concurrent": 1}, token=admin_token)
    desks = {a["id"]: Dashboard(new_page()).login(a) for a in (ann, ben, carl)}

    visitors = [
        ("Maria Garcia", "maria@example.com", "Hi, my order #1042 has not arrived yet."),
        ("Tom Becker", "tom@example.com", "Can I change the delivery address?"),
        ("Li Na", "lina@example.com", "我想申请退款，可以吗？"),
        ("Omar Haddad", "omar@example.com", "Do you ship to Canada?"),
    ]
    for name, email, text in visitors:
        named_visitor_says(kefu_server, admin_token, new_page(), name, email, text)

    def all_assigned():
        listed = kefu_server.api("GET", "/api/conversations?status=open", token=admin_token)
        return listed["total"] >= len(visitors)

    wait_until(all_assigned, timeout=20, message="every visitor assigned")
    rows = boss.page.locator("[data-testid='view-all-open'] [data-testid='conv-item']")
    expect(rows).to_have_count(len(visitors))
    rows.filter(has_text="Maria Garcia").locator(".conv-open").click()
    expect(boss.messages).to_contain_text("order #1042")
    boss.page.mouse.move(0, 0)
    boss.page.screenshot(path=str(OUT / "dashboard-all-open.png"))

    # The picker as a plain agent sees it: whoever holds Maria hands her on.
    maria = next(
        c
        for c in kefu_server.api("GET", "/api/conversations?status=open", token=admin_token)["data"]
        if c["visitor"]["name"] == "Maria Garcia"
    )
    desk = desks[maria["agent"]["id"]]
    desk.conversation("Maria Garcia").locator(".conv-open").click()
    expect(desk.messages).to_contain_text("order #1042")
    desk.page.get_by_test_id("transfer").click()
    dialog = desk.page.locator("#transfer-dialog")
    expect(dialog.get_by_test_id("transfer-target").first).to_be_visible()
    free = dialog.locator("[data-testid='transfer-target']:not(.is-unavailable)[data-agent-id]")
    free.first.click()
    desk.page.get_by_test_id("transfer-note").fill(
        "Order #1042 is stuck at customs; she would like a call back."
    )
    desk.page.screenshot(path=str(OUT / "dashboard-transfer-picker.png"))
    desk.page.keyboard.press("Escape")

    for lang, page in (("en", desk.page), ("zh-CN", None)):
        if page is None:
            page = new_page()
            page.goto("/dashboard?lang=zh-CN")
            page.locator("#login-email").fill(ann["email"])
            page.locator("#login-password").fill(ann["password"])
            page.locator("#login-submit").click()
            expect(page.locator("#conn")).to_have_attribute("data-state", "ok")
            page.locator("#mine-list .conv-open").first.click()
        page.locator("#chat-title").click()
        page.keyboard.press("Shift+Slash")
        expect(page.get_by_test_id("shortcuts")).to_be_visible()
        page.mouse.move(0, 0)
        page.screenshot(path=str(OUT / f"dashboard-shortcuts-{lang}.png"))
