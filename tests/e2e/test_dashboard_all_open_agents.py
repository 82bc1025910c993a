"""All open for plain agents: hidden until an admin allows it (the admin console's Routing
toggle), then shown at once without a reload (the `workspace` event), live, read-only (no Reassign, no composer), the watched
chat's new messages arriving as they are written; hidden again when the admin turns it off."""

import json
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import Widget, wait_until
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# KEFU_SCREENSHOTS=1 also writes the picture of docs/dashboard.md (as the other screenshots).
OUT = Path(
    os.environ.get("KEFU_SCREENSHOTS_DIR")
    or Path(__file__).resolve().parents[2] / "docs" / "images"
)


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


def allow_agents(kefu_server, admin_token, allowed):
    body = {"workspace": {"agents_see_all_open": allowed}}
    kefu_server.api("PATCH", "/api/settings", body, token=admin_token)


def turn_on_in_the_console(kefu_server, page):
    """The admin ticks the Routing section's toggle and saves."""
    body = kefu_server.api(
        "POST", "/api/agent/login", {"email": "admin@example.com", "password": "admin"}
    )
    session = json.dumps({k: body[k] for k in ("access_token", "refresh_token", "agent")})
    page.add_init_script(f"sessionStorage.setItem('kefu.agent.session', {json.dumps(session)});")
    page.goto("/admin#routing")
    routing = page.get_by_test_id("admin-section-routing")
    routing.get_by_test_id("admin-agents-see-all-open").check()
    routing.get_by_test_id("admin-save").click()
    expect(routing.get_by_test_id("admin-dirty")).to_be_hidden()


def test_an_agent_sees_all_open_once_the_admin_allows_it(
    kefu_server, widget, dashboard, new_page, make_agent, nobody_else_online, admin_token, unique
):
    nobody_else_online()
    amy = make_agent(name=f"Amy {unique[:4]}")
    desk = dashboard(amy)
    desk.set_status("away")  # routing gives Amy nothing: every chat is Bo's
    view = desk.page.get_by_test_id("view-all-open")
    expect(view).to_be_hidden()
    bo = make_agent(name=f"Bo {unique[:4]}")
    dashboard(bo)
    try:
        turn_on_in_the_console(kefu_server, new_page())
        expect(view).to_be_visible()  # no reload: the workspace event
        got = kefu_server.api("GET", "/api/settings", token=admin_token)["workspace"]
        assert got == {"agents_see_all_open": True}
        expect(desk.page.get_by_test_id("tab-all")).to_be_visible()

        chat = Widget(widget().page).visit("/").open()
        chat.send(f"first {unique}")
        conv = open_conversation_of(kefu_server, admin_token, f"first {unique}")
        assert conv["agent"]["id"] == bo["id"]
        row = all_open_row(desk.page, conv["id"])
        expect(row).to_have_attribute("data-agent-id", str(bo["id"]))  # live, no reload
        expect(row.get_by_test_id("reassign")).to_be_hidden()

        row.locator(".conv-open").click()
        expect(desk.messages).to_contain_text(f"first {unique}")
        expect(desk.page.locator("#chat-banner")).to_contain_text("read-only")
        expect(desk.page.get_by_test_id("transfer")).to_be_hidden()
        expect(desk.page.get_by_test_id("composer")).to_be_hidden()
        chat.send(f"second {unique}")
        expect(desk.messages).to_contain_text(f"second {unique}")  # watched: live
        if os.environ.get("KEFU_SCREENSHOTS") == "1":
            desk.page.mouse.move(0, 0)
            desk.page.screenshot(path=str(OUT / "dashboard-all-open-agent.png"))

        desk.page.reload()
        expect(all_open_row(desk.page, conv["id"])).to_be_visible()  # and after a reload
    finally:
        allow_agents(kefu_server, admin_token, False)
    expect(desk.page.get_by_test_id("view-all-open")).to_be_hidden()
