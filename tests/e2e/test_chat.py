"""A visitor on the demo shop and an agent on the dashboard talk through the real server."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_visitor_and_agent_chat_from_first_message_to_rating(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    """The visitor writes, the agent sees it arrive, replies, closes; the visitor rates."""
    agent = make_agent(name="Alice Tester")
    nobody_else_online()
    desk = dashboard(agent)
    visitor = widget().visit("/").open()

    question = f"Do you ship to Canada? {unique}"
    visitor.send(question)
    expect(visitor.stored(question)).to_have_count(1)

    expect(desk.conversation(unique)).to_be_visible()
    desk.open_conversation(unique)
    # Opening it reads it: the visitor's message shows as seen.
    expect(visitor.frame.locator(".kf-seen-label")).to_be_visible()

    # Typing shows on the other side before anything is sent.
    visitor.input.fill("One more thing")
    expect(desk.page.locator("#typing-line")).to_contain_text("is typing")
    visitor.input.fill("")

    desk.reply(f"Yes, we ship worldwide. {unique}")
    expect(visitor.incoming(f"Yes, we ship worldwide. {unique}")).to_be_visible()
    expect(visitor.frame.get_by_role("heading", name="Alice Tester")).to_be_visible()
    expect(visitor.frame.locator("#status")).to_have_text("You are chatting with Alice Tester.")

    desk.page.get_by_role("button", name="Close", exact=True).click()
    expect(desk.page.locator("#chat-status")).to_have_text("Closed")
    expect(visitor.log).to_contain_text("The conversation was closed.")

    rating = visitor.frame.get_by_role("region", name="How was your conversation?")
    expect(rating).to_be_visible()
    rating.get_by_role("radio", name=re.compile(r"^4 stars")).click()
    rating.get_by_label("Comment").fill("Quick and friendly")
    rating.get_by_role("button", name="Send rating").click()
    expect(visitor.frame.locator("#rating-thanks")).to_have_text("Thanks for your feedback!")
    # The agent's closed conversation shows the score as soon as it is given.
    expect(desk.page.locator("#chat-banner")).to_contain_text("rated 4/5")


def test_visitor_reload_resumes_the_same_conversation(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    """After a reload the widget reopens with the history, and the chat goes on in place."""
    agent = make_agent()
    nobody_else_online()
    desk = dashboard(agent)
    visitor = widget().visit("/").open()
    visitor.send(f"First question {unique}")
    desk.open_conversation(unique)
    desk.reply(f"First answer {unique}")
    expect(visitor.incoming(f"First answer {unique}")).to_be_visible()

    visitor.page.reload()
    # The widget remembers it was open, and the same visitor's history comes back.
    expect(visitor.launcher).to_have_attribute("aria-expanded", "true")
    expect(visitor.stored(f"First question {unique}")).to_have_count(1)
    expect(visitor.incoming(f"First answer {unique}")).to_have_count(1)
    expect(visitor.frame.get_by_role("heading", name=agent["name"])).to_be_visible()

    visitor.send(f"Follow-up after reload {unique}")
    expect(desk.messages).to_contain_text(f"Follow-up after reload {unique}")
    # Still one conversation on the agent's side, not a new one.
    expect(desk.mine.locator("li", has_text=unique)).to_have_count(1)
    expect(desk.page.locator("#mine-count")).to_have_text("1")


def test_html_in_messages_is_shown_as_text(widget, dashboard, make_agent, nobody_else_online):
    """Markup typed by either side is displayed literally and never runs."""
    agent = make_agent()
    nobody_else_online()
    desk = dashboard(agent)
    visitor = widget().visit("/").open()

    attack = "<img src=x onerror=alert(1)> <b>bold?</b>"
    visitor.send(attack)
    expect(visitor.stored("<img src=x onerror=alert(1)>")).to_have_text(attack)
    expect(desk.conversation("<img src=x")).to_be_visible()
    desk.open_conversation("<img src=x onerror=alert(1)>")
    bubble = desk.messages.locator(".kf-bubble", has_text="onerror")
    expect(bubble).to_have_text(attack)

    answer = "<script>alert(2)</script><svg onload=alert(3)>"
    desk.reply(answer)
    expect(visitor.incoming("<script>alert(2)</script>")).to_have_text(answer)

    assert desk.messages.locator("img, b, script, svg").count() == 0
    assert visitor.log.locator("img, b, script, svg").count() == 0
    assert visitor.page.dialogs == [] and desk.page.dialogs == []


def test_launcher_badge_counts_unread_replies_while_the_widget_is_closed(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    """Replies that arrive while the chat is minimized show on the launcher, even after a
    reload, and opening the chat clears them."""
    agent = make_agent()
    nobody_else_online()
    desk = dashboard(agent)
    visitor = widget().visit("/").open()
    visitor.send(f"Where is my order? {unique}")
    desk.open_conversation(unique)

    visitor.frame.get_by_role("button", name="Minimize chat").click()
    expect(visitor.launcher).to_have_attribute("aria-expanded", "false")
    desk.reply(f"It left the warehouse today {unique}")
    desk.reply(f"Tracking number follows {unique}")
    expect(visitor.launcher).to_have_accessible_name("Open chat (2 unread)")
    expect(visitor.page.locator("#kefu-widget .badge")).to_have_text("2")

    visitor.page.reload()
    expect(visitor.launcher).to_have_accessible_name("Open chat (2 unread)")
    visitor.launcher.click()
    expect(visitor.incoming(f"Tracking number follows {unique}")).to_be_visible()
    expect(visitor.launcher).to_have_accessible_name("Close chat")
    expect(desk.messages.locator(".kf-seen-label")).to_be_visible()
