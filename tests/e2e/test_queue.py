"""The queue: visitors wait while every agent is away, and an agent picks them by hand."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_queue_shows_a_waiting_visitor_when_agents_are_away_and_pick_takes_it(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    """Nobody available: the visitor gets a queue position, the agent sees and picks them."""
    agent = make_agent(name="Queue Keeper")
    nobody_else_online()
    desk = dashboard(agent)
    desk.set_status("away")

    visitor = widget().visit("/").open()
    visitor.send(f"Is anyone there? {unique}")
    expect(visitor.stored(f"Is anyone there? {unique}")).to_have_count(1)
    expect(visitor.frame.locator("#status")).to_have_text(
        re.compile(r"You are number \d+ in line\.")
    )

    waiting = desk.queue.locator("li", has_text=unique)
    expect(waiting).to_be_visible()
    expect(desk.page.locator("#queue-count")).not_to_have_text("0")
    expect(desk.mine.locator("li", has_text=unique)).to_have_count(0)

    # Previewing shows what the visitor wrote before taking the conversation.
    waiting.locator(".conv-open").click()
    expect(desk.messages).to_contain_text(f"Is anyone there? {unique}")
    expect(desk.page.locator("#chat-banner")).to_contain_text("waiting in the queue")

    waiting.get_by_role("button", name=re.compile(r"^Pick")).click()
    expect(desk.queue.locator("li", has_text=unique)).to_have_count(0)
    expect(desk.conversation(unique)).to_be_visible()
    expect(desk.page.locator("#chat-status")).to_have_text("Open")

    expect(visitor.frame.locator("#status")).to_have_text("You are chatting with Queue Keeper.")
    desk.reply(f"Sorry for the wait! {unique}")
    expect(visitor.incoming(f"Sorry for the wait! {unique}")).to_be_visible()
