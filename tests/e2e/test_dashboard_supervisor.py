"""The supervisor's All open view and the transfer picker: a supervisor sees every agent's
open chats with their agent, live, and reassigns one through the picker; a plain agent picks
a colleague from the directory (status and load shown, unavailable ones disabled) and hands
over with a private note the colleague finds in the thread."""

import re
from urllib.parse import quote

import pytest
from conftest import Widget, wait_until
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def open_conversation_of(kefu_server, admin_token, text):
    """The open conversation whose messages hold `text`, once it is assigned."""
    found = []

    def assigned():
        found[:] = kefu_server.api(
            "GET", f"/api/conversations?status=open&q={quote(text)}", token=admin_token
        )["data"]
        return len(found) == 1

    wait_until(assigned, message=f"an open conversation saying {text!r}")
    return found[0]


def all_open_row(page, conversation_id):
    return page.locator(
        f"[data-testid='view-all-open'] [data-testid='conv-item']"
        f"[data-conversation-id='{conversation_id}']"
    )


def target(page, agent):
    return page.locator(f"[data-testid='transfer-target'][data-agent-id='{agent['id']}']")


def test_a_supervisor_sees_both_agents_chats_and_reassigns_one(
    kefu_server, widget, dashboard, make_agent, nobody_else_online, admin_token, unique
):
    nobody_else_online()
    boss = dashboard(make_agent(role="supervisor", name=f"Sue {unique[:4]}"))
    boss.set_status("away")  # routing gives the supervisor nothing
    view = boss.page.get_by_test_id("view-all-open")
    expect(view).to_be_visible()
    expect(boss.page.get_by_test_id("tab-all")).to_have_attribute("aria-expanded", "true")

    ann, ben = make_agent(name=f"Ann {unique[:4]}"), make_agent(name=f"Ben {unique[:4]}")
    desk_ann, desk_ben = dashboard(ann), dashboard(ben)
    Widget(widget().page).visit("/").open().send(f"first {unique}")
    first = open_conversation_of(kefu_server, admin_token, f"first {unique}")
    Widget(widget().page).visit("/").open().send(f"second {unique}")
    second = open_conversation_of(kefu_server, admin_token, f"second {unique}")
    assert {first["agent"]["id"], second["agent"]["id"]} == {ann["id"], ben["id"]}

    # Both arrive live (no reload), each with its agent.
    for conv in (first, second):
        row = all_open_row(boss.page, conv["id"])
        expect(row).to_have_attribute("data-agent-id", str(conv["agent"]["id"]))
        expect(row).to_contain_text(conv["agent"]["name"])

    # Ann's chat goes to Ben, with a hand-over note.
    moved = first if first["agent"]["id"] == ann["id"] else second
    row = all_open_row(boss.page, moved["id"])
    row.get_by_test_id("reassign").click()
    dialog = boss.page.locator("#transfer-dialog")
    expect(dialog).to_be_visible()
    expect(target(boss.page, ann)).to_have_count(0)  # the holder is no target
    expect(target(boss.page, ben)).to_contain_text("1/5")
    expect(target(boss.page, ben).locator("input")).to_be_enabled()
    me = boss.page.locator("[data-testid='transfer-target'][data-status='away']").filter(
        has_text=f"Sue {unique[:4]}"
    )
    expect(me.locator("input")).to_be_disabled()
    target(boss.page, ben).click()
    boss.page.get_by_test_id("transfer-note").fill(f"VIP customer {unique}")
    boss.page.get_by_test_id("transfer-submit").click()
    expect(dialog).to_be_hidden()

    expect(row).to_have_attribute("data-agent-id", str(ben["id"]))
    expect(desk_ann.mine.locator("li.is-ended")).to_have_count(1)
    assert (
        kefu_server.api("GET", f"/api/conversations/{moved['id']}", token=admin_token)["agent"][
            "id"
        ]
        == ben["id"]
    )
    desk_ben.mine.locator(f"[data-conversation-id='{moved['id']}'] .conv-open").click()
    expect(
        desk_ben.messages.locator("[data-testid='message'][data-private='true']")
    ).to_contain_text(f"VIP customer {unique}")


def test_an_agent_transfers_through_the_directory_picker(
    kefu_server, widget, dashboard, make_agent, nobody_else_online, unique
):
    nobody_else_online()
    group = f"desk-{unique[:6]}"
    amy = make_agent(name=f"Amy {unique[:4]}", skills=[group])
    never = make_agent(name=f"Otto {unique[:4]}")  # never signs in: offline
    desk = dashboard(amy)
    Widget(widget().page).visit("/").open().send(f"help {unique}")
    desk.open_conversation(f"help {unique}")
    mine = desk.conversation(f"help {unique}")
    conversation_id = mine.get_attribute("data-conversation-id")
    bo = make_agent(name=f"Bo {unique[:4]}")
    other = dashboard(bo)

    desk.page.get_by_test_id("transfer").click()
    expect(desk.page.locator("#transfer-agent-id")).to_have_count(0)  # no typing of ids
    expect(target(desk.page, bo)).to_contain_text("Online")
    expect(target(desk.page, bo)).to_contain_text("0/5")
    offline = target(desk.page, never)
    expect(offline).to_contain_text("Offline")
    expect(offline.locator("input")).to_be_disabled()
    expect(target(desk.page, amy)).to_have_count(0)
    expect(
        desk.page.locator(f"[data-testid='transfer-target'][data-group='{group}']")
    ).to_be_visible()

    target(desk.page, bo).click()
    desk.page.get_by_test_id("transfer-submit").click()
    expect(desk.page.locator("#transfer-dialog")).to_be_hidden()
    expect(other.conversation(f"help {unique}")).to_be_visible()
    ended = desk.mine.locator(f"[data-conversation-id='{conversation_id}']")
    expect(ended).to_have_class(re.compile(r"\bis-ended\b"))
