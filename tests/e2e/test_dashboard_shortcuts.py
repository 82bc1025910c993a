"""Keyboard shortcuts: next/previous conversation, focus the composer, note/reply toggle,
close (with undo), and the list on `?`, which a `?` typed into the composer does not open."""

import pytest
from conftest import Widget
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_shortcuts_move_between_conversations_and_act_on_them(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    nobody_else_online()
    desk = dashboard(make_agent())
    page = desk.page
    for word in ("one", "two"):
        Widget(widget().page).visit("/").open().send(f"{word} {unique}")
        expect(desk.conversation(f"{word} {unique}")).to_be_visible()
    selected = desk.mine.locator("[data-testid='conv-item'].is-selected")
    expect(selected).to_have_count(1)  # an idle agent sees the first one at once
    ids = desk.mine.locator("[data-testid='conv-item']").evaluate_all(
        "items => items.map(li => li.dataset.conversationId)"
    )
    assert len(ids) == 2

    page.locator("#chat-title").click()  # keys from the page, not from a field
    page.keyboard.press("Alt+ArrowDown")
    expect(selected).to_have_attribute("data-conversation-id", ids[1])
    page.keyboard.press("Alt+ArrowUp")
    expect(selected).to_have_attribute("data-conversation-id", ids[0])
    page.keyboard.press("Alt+KeyJ")
    expect(selected).to_have_attribute("data-conversation-id", ids[1])

    page.keyboard.press("Alt+KeyR")
    expect(desk.reply_box).to_be_focused()
    page.keyboard.type("Is that ?")  # typed, not a shortcut
    expect(desk.reply_box).to_have_value("Is that ?")
    expect(page.get_by_test_id("shortcuts")).to_be_hidden()

    toggle = page.get_by_test_id("note-toggle")
    page.locator("#chat-title").click()
    page.keyboard.press("Alt+KeyN")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(desk.reply_box).to_be_focused()
    page.keyboard.press("Alt+KeyN")
    expect(toggle).to_have_attribute("aria-pressed", "false")

    page.keyboard.press("Alt+KeyC")
    undo = page.get_by_test_id("undo")
    expect(undo).to_be_visible()
    undo.click()
    expect(page.get_by_test_id("close")).to_be_enabled()

    page.locator("#chat-title").click()
    page.keyboard.press("Shift+Slash")
    shortcuts = page.get_by_test_id("shortcuts")
    expect(shortcuts).to_be_visible()
    expect(shortcuts).to_contain_text("Next conversation")
    expect(shortcuts.locator("kbd").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(shortcuts).to_be_hidden()
    page.get_by_test_id("shortcuts-open").click()
    expect(shortcuts).to_be_visible()
