"""Dashboard behaviour beyond one chat: transfers between agents, expired sessions."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_admin_transfers_a_conversation_to_another_agent_with_its_history(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    """The receiving agent gets the whole conversation; the visitor sees who took over."""
    lead = make_agent(role="admin", name="Lead Admin")
    colleague = make_agent(name="Bea Billing")
    nobody_else_online()
    second = dashboard(colleague)
    second.set_status("away")  # so the visitor is routed to the lead first
    first = dashboard(lead)

    visitor = widget().visit("/").open()
    visitor.send(f"I was charged twice {unique}")
    first.open_conversation(unique)
    first.reply(f"Let me get billing {unique}")
    second.set_status("online")

    first.page.get_by_role("button", name="Transfer").click()
    dialog = first.page.get_by_role("dialog", name="Transfer conversation")
    expect(dialog).to_be_visible()
    dialog.get_by_test_id("transfer-target").filter(has_text="Bea Billing").click()
    dialog.get_by_role("button", name="Transfer").click()
    expect(dialog).to_be_hidden()
    expect(first.page.locator("#chat-banner")).to_contain_text("Transferred to Bea Billing")

    # Transfer-in brings no message event: the dashboard syncs the history itself.
    expect(second.conversation(unique)).to_be_visible()
    second.open_conversation(unique)
    expect(second.messages).to_contain_text(f"Let me get billing {unique}")
    expect(second.messages).to_contain_text("Transferred to Bea Billing.")

    expect(visitor.log).to_contain_text("Transferred to Bea Billing.")
    expect(visitor.frame.get_by_role("heading", name="Bea Billing")).to_be_visible()
    second.reply(f"Refund on its way {unique}")
    expect(visitor.incoming(f"Refund on its way {unique}")).to_be_visible()


def test_dashboard_refreshes_a_rejected_access_token_and_signs_out_when_it_cannot(
    new_page, make_agent
):
    """A refused socket connection is retried with a refreshed token; a dead session goes
    back to the sign-in form."""
    agent = make_agent()
    page = new_page()
    page.goto("/dashboard")
    page.get_by_label("Email").fill(agent["email"])
    page.get_by_label("Password").fill(agent["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#conn")).to_have_attribute("data-state", "ok")

    page.evaluate(
        """() => {
            const s = JSON.parse(sessionStorage.getItem('kefu.agent.session'));
            s.access_token = 'expired.' + s.access_token.split('.')[1] + '.bad-signature';
            sessionStorage.setItem('kefu.agent.session', JSON.stringify(s));
        }"""
    )
    page.reload()
    expect(page.locator("#conn")).to_have_attribute("data-state", "ok")
    token = page.evaluate("JSON.parse(sessionStorage.getItem('kefu.agent.session')).access_token")
    assert not token.startswith("expired.")

    page.evaluate(
        """() => {
            const s = JSON.parse(sessionStorage.getItem('kefu.agent.session'));
            s.access_token = 'bad'; s.refresh_token = 'also-bad';
            sessionStorage.setItem('kefu.agent.session', JSON.stringify(s));
        }"""
    )
    page.reload()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.locator("#login-info")).to_contain_text("session has expired")


def test_agent_juggles_two_conversations_with_unread_counts_and_drafts(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    """Each conversation keeps its own unread count, messages and unsent draft."""
    agent = make_agent()
    nobody_else_online()
    desk = dashboard(agent)
    ann = widget().visit("/").open()
    ann.send(f"Ann here {unique}")
    desk.open_conversation(f"Ann here {unique}")
    ben = widget().visit("/").open()
    ben.send(f"Ben here {unique}")

    ben_item = desk.mine.locator("li", has_text=re.compile(f"Ben .*{unique}"))
    expect(ben_item.locator(".badge")).to_have_text("1")
    expect(desk.page.locator("#mine-count")).to_have_text("2")
    ben.send(f"Ben again {unique}")
    expect(ben_item).to_contain_text(f"Ben again {unique}")
    expect(ben_item.locator(".badge")).to_have_text("2")
    expect(desk.page).to_have_title(re.compile(r"^\(2\) Kefu"))

    desk.reply_box.fill("Half-written answer for Ann")
    desk.open_conversation(f"Ben again {unique}")
    expect(desk.reply_box).to_have_value("")
    expect(ben_item.locator(".badge")).to_be_hidden()
    desk.reply(f"Hi Ben {unique}")
    expect(ben.incoming(f"Hi Ben {unique}")).to_be_visible()
    expect(ann.incoming(f"Hi Ben {unique}")).to_have_count(0)

    desk.open_conversation(f"Ann here {unique}")
    expect(desk.reply_box).to_have_value("Half-written answer for Ann")
    expect(desk.messages).not_to_contain_text("Ben")
