"""Deactivation driven from the admin console (the API-driven case is
test_agent_deactivation.py): an admin in one browser deactivates an agent whose dashboard is
open in another and who holds a chat. The agent's API calls answer 401 at once, her
dashboard is signed out within the revalidation interval, and her chat goes back to the
queue.

The module runs a server of its own with a short KEFU_REVALIDATE_SECONDS, so "within the
interval" is a bound worth checking."""

import json
import time

import pytest
from conftest import KefuServer, wait_until
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

REVALIDATE_SECONDS = 2
# Time for the browser to notice its socket closed and show the sign-in form on a busy
# machine: everything below must happen within the interval plus this.
SHOW_SLACK_SECONDS = 6
ADMIN = {"email": "admin@example.com", "password": "admin"}


@pytest.fixture(scope="module")
def kefu_server(tmp_path_factory):
    """This module's own server, checking agent sockets every REVALIDATE_SECONDS."""
    server = KefuServer(tmp_path_factory.mktemp("kefu-revalidate"))
    server.env["KEFU_REVALIDATE_SECONDS"] = str(REVALIDATE_SECONDS)
    server.prepare()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def admin_login(kefu_server):
    return kefu_server.api("POST", "/api/agent/login", ADMIN)


@pytest.fixture(scope="module")
def admin_token(admin_login):
    return admin_login["access_token"]


def open_console(page, login, path="/admin#agents"):
    """The console signed in as `login` (the session put where the dashboard keeps it)."""
    session = json.dumps({k: login[k] for k in ("access_token", "refresh_token", "agent")})
    page.add_init_script(
        "if (!sessionStorage.getItem('kefu.agent.session'))"
        f" sessionStorage.setItem('kefu.agent.session', {json.dumps(session)});"
    )
    page.goto(path)
    expect(page.get_by_test_id("admin-section-agents")).to_be_visible()
    return page


def test_an_agent_deactivated_in_the_console_is_signed_out_and_her_chat_requeued(
    kefu_server, admin_login, admin_token, new_page, widget, dashboard, make_agent, unique
):
    ann = make_agent(name=f"Ann {unique[:4]}")
    ann_desk = dashboard(ann)
    shop = widget().visit("/").open()
    shop.send(f"help {unique}")
    expect(ann_desk.conversation(unique)).to_be_visible()
    session = ann_desk.page.evaluate("JSON.parse(sessionStorage.getItem('kefu.agent.session'))")
    held = kefu_server.api("GET", f"/api/conversations?q={unique}", token=admin_token)["data"][0]
    assert held["status"] == "open" and held["agent"]["id"] == ann["id"]

    console = open_console(new_page(), admin_login)
    row = console.locator(f"[data-testid=admin-agent-row][data-agent-id='{ann['id']}']")
    expect(row).to_have_attribute("data-active", "true")
    row.get_by_test_id("admin-agent-deactivate").click()
    expect(console.get_by_test_id("admin-confirm")).to_contain_text(ann["name"])
    console.get_by_test_id("admin-confirm-ok").click()
    expect(row).to_have_attribute("data-active", "false")
    deadline = time.monotonic() + REVALIDATE_SECONDS + SHOW_SLACK_SECONDS

    # At once: her tokens are refused, from her own browser and from anywhere else.
    status = ann_desk.page.evaluate(
        "async (token) => (await fetch('/api/me', {headers: {Authorization: 'Bearer ' + token}}))"
        ".status",
        session["access_token"],
    )
    assert status == 401
    kefu_server.api("GET", "/api/me", token=session["access_token"], expected=(401,))
    kefu_server.api("POST", "/api/agent/refresh", token=session["refresh_token"], expected=(401,))

    # Her chat is back in the queue (nobody else is online on this server to take it).
    def requeued():
        found = kefu_server.api("GET", f"/api/conversations?q={unique}", token=admin_token)
        conversation = found["data"][0]
        return conversation["status"] == "queued" and conversation["agent"] is None

    wait_until(requeued, timeout=deadline - time.monotonic(), message="the chat to be requeued")

    # Her dashboard is signed out, saying why, within the revalidation interval (and a
    # margin for the browser to show it).
    sign_in = ann_desk.page.get_by_role("button", name="Sign in")
    expect(sign_in).to_be_visible(timeout=max(0.0, deadline - time.monotonic()) * 1000)
    expect(ann_desk.page.locator("#login-info")).to_contain_text("deactivated")
    assert ann_desk.page.evaluate("sessionStorage.getItem('kefu.agent.session')") is None
    expect(shop.log).to_contain_text("no longer available")
