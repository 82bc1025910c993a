"""Canned responses in the dashboard: "/" + shortcut in the composer suggests them, and the
chosen one is inserted with the visitor's and the agent's names filled in."""

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def agent_token(kefu_server, agent):
    body = kefu_server.api(
        "POST", "/api/agent/login", {"email": agent["email"], "password": agent["password"]}
    )
    return body["access_token"]


def name_the_visitor(kefu_server, page, name):
    """Set the widget's visitor's name, as the page's identify would."""
    saved = json.loads(page.evaluate("localStorage.getItem('kefu.visitor')"))
    token = kefu_server.api(
        "POST",
        "/api/visitor/auth",
        {"visitor_id": saved["visitor_id"], "visitor_secret": saved["visitor_secret"]},
    )["token"]
    kefu_server.api("PATCH", "/api/visitor/me", {"name": name}, token=token)


def test_slash_and_a_shortcut_insert_the_response_with_the_visitor_name_filled_in(
    kefu_server, widget, dashboard, make_agent, nobody_else_online, unique
):
    """Typing "/gre" lists the matching responses; arrows choose, Enter inserts the filled-in
    text (not sent yet), and Enter again sends it to the visitor."""
    agent = make_agent(name="Chen Wei")
    token = agent_token(kefu_server, agent)
    for shortcut, content in (
        ("greet", "Hi {{visitor.name}}, this is {{agent.name}}. How can I help?"),
        ("greetlate", "Good evening {{ visitor.name }}!"),
        ("refund", "Refunds take 3-5 working days."),
    ):
        kefu_server.api(
            "POST",
            "/api/canned-responses",
            {"shortcut": shortcut, "content": content, "scope": "personal"},
            token=token,
        )
    nobody_else_online()
    visitor = widget().visit("/").open()
    visitor.send(f"Hello there {unique}")
    expect(visitor.stored(f"Hello there {unique}")).to_have_count(1)
    name_the_visitor(kefu_server, visitor.page, f"Mei Lin {unique}")

    desk = dashboard(agent)
    desk.open_conversation(unique)
    composer = desk.page.get_by_test_id("composer")
    composer.press_sequentially("/gre")
    items = desk.page.get_by_test_id("canned-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("/greet")
    expect(items.nth(0)).to_contain_text(f"Hi Mei Lin {unique}, this is Chen Wei.")
    expect(items.nth(0)).to_have_attribute("aria-selected", "true")

    composer.press("ArrowDown")
    expect(items.nth(1)).to_have_attribute("aria-selected", "true")
    composer.press("ArrowUp")
    composer.press("Enter")
    expect(items).to_have_count(0)
    expected = f"Hi Mei Lin {unique}, this is Chen Wei. How can I help?"
    expect(composer).to_have_value(expected)

    composer.press("Enter")
    expect(visitor.incoming(expected)).to_be_visible()
    expect(composer).to_have_value("")

    # Tab inserts too; Escape closes the list and leaves the text alone.
    composer.press_sequentially("/late")
    expect(items).to_have_count(1)
    composer.press("Tab")
    expect(composer).to_have_value(f"Good evening Mei Lin {unique}!")
    composer.fill("")
    composer.press_sequentially("/ref")
    expect(items).to_have_count(1)
    composer.press("Escape")
    expect(items).to_have_count(0)
    expect(composer).to_have_value("/ref")


def test_an_agent_adds_edits_and_deletes_a_personal_response_in_the_manager(
    dashboard, make_agent, unique
):
    """The manager lists, adds, edits and deletes; a new response is offered under "/" at once."""
    agent = make_agent()
    desk = dashboard(agent)
    page = desk.page
    page.get_by_role("button", name="Canned responses").click()
    dialog = page.get_by_role("dialog", name="Canned responses")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Visible to")).to_be_hidden()  # team ones: admins only

    dialog.get_by_label("Shortcut").fill(f"bye{unique}")
    dialog.get_by_label("Response").fill("Thanks for chatting, {{visitor.name}}!")
    dialog.get_by_role("button", name="Add response").click()
    row = dialog.locator(".canned-row", has_text=f"/bye{unique}")
    expect(row).to_have_count(1)

    row.get_by_role("button", name="Edit").click()
    expect(dialog.get_by_label("Shortcut")).to_have_value(f"bye{unique}")
    dialog.get_by_label("Response").fill("Have a nice day!")
    dialog.get_by_role("button", name="Save").click()
    expect(row).to_contain_text("Have a nice day!")

    # The fixture dismisses browser dialogs: a dismissed confirm deletes nothing.
    row.get_by_role("button", name="Delete").click()
    assert page.dialogs[-1] == f"Delete the canned response /bye{unique}?"
    expect(row).to_have_count(1)
    page.evaluate("window.confirm = () => true")
    row.get_by_role("button", name="Delete").click()
    expect(row).to_have_count(0)
    dialog.get_by_role("button", name="Done").click()
    expect(dialog).to_be_hidden()
