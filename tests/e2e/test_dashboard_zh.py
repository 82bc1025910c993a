"""The dashboard in Chinese (?lang=zh-CN): the sign-in form, the top bar, the sidebar, the
chat pane, the visitor panel, system notices, the transfer picker and the shortcut list
speak Chinese; no English word is left in the page's own chrome."""

import re

import pytest
from conftest import Dashboard, Widget
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Latin words allowed in the chrome: the brand, and the keys of the shortcut list.
ALLOWED = {"Kefu", "Alt", "Ctrl", "Shift", "Enter", "ID"}


def english_words(text):
    text = re.sub(r"访客 \w+", "", text)  # a visitor without a name: "访客" and a piece of its id
    return sorted({w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED})


def test_the_dashboard_speaks_chinese(new_page, widget, make_agent, nobody_else_online, unique):
    nobody_else_online()
    agent = make_agent(name="王小明")
    page = new_page()
    page.goto("/dashboard?lang=zh-CN")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator(".login-title")).to_have_text("登录收件箱")
    page.get_by_label("邮箱").fill(agent["email"])
    page.get_by_label("密码").fill(agent["password"])
    page.get_by_role("button", name="登录").click()
    desk = Dashboard(page)
    expect(desk.conn).to_have_attribute("data-state", "ok")
    expect(page.locator("#conn-text")).to_have_text("已连接")
    expect(page.get_by_test_id("status-online")).to_have_text("在线")

    shop = Widget(widget().page).visit("/").open()
    shop.send(f"你好 {unique}")
    expect(page.locator("#mine-list")).to_contain_text(f"你好 {unique}")
    expect(page.locator("#chat-status")).to_have_text("进行中")
    expect(page.locator("#details-list")).to_contain_text("开始时间")

    chrome = page.locator(".topbar, .side-heading, .chat-header, .reply-tools, .reply button")
    assert english_words(" ".join(chrome.all_inner_texts())) == []
    for attribute in ("aria-label", "title", "placeholder"):
        values = page.locator(f"#app-view [{attribute}]").evaluate_all(
            # Conversation rows carry visitors' names (other tests' visitors too): not chrome.
            f"nodes => nodes.filter(n => n.offsetParent && !n.closest('.conv-list'))"
            f".map(n => n.getAttribute('{attribute}'))"
        )
        assert english_words(" ".join(values)) == [], attribute

    page.get_by_test_id("transfer").click()
    dialog = page.locator("#transfer-dialog")
    expect(dialog).to_contain_text("转接对话")
    expect(dialog).to_contain_text("技能组")
    page.keyboard.press("Escape")

    page.get_by_test_id("close").click()
    expect(page.get_by_test_id("undo")).to_have_text("撤销")
    expect(page.locator("#chat-status")).to_have_text("已关闭", timeout=15_000)
    expect(page.locator(".kf-notice-text").last).to_have_text("对话已结束。")

    page.locator("#chat-title").click()
    page.keyboard.press("Shift+Slash")
    shortcuts = page.get_by_test_id("shortcuts")
    expect(shortcuts).to_contain_text("下一个对话")
    assert english_words(shortcuts.inner_text()) == []
