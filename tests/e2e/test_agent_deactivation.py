"""An admin deactivates an agent who is signed in and holds a chat: her API calls answer 401
at once, her open dashboard is signed out within the revalidation interval with the reason
shown, her visitor goes back to the queue and reaches another agent, and she cannot sign in
again until reactivated."""

from conftest import wait_until
from playwright.sync_api import expect


def test_a_deactivated_agent_is_signed_out_and_her_visitor_served_by_another(
    widget, dashboard, make_agent, nobody_else_online, kefu_server, admin_token, unique
):
    nobody_else_online()
    ann = make_agent(name="Ann")
    ann_desk = dashboard(ann)
    shop = widget().visit("/").open()
    shop.send(f"help {unique}")
    expect(ann_desk.conversation(unique)).to_be_visible()
    token = ann_desk.page.evaluate(
        "JSON.parse(sessionStorage.getItem('kefu.agent.session')).access_token"
    )

    kefu_server.api("DELETE", f"/api/agents/{ann['id']}", token=admin_token, expected=(204,))

    kefu_server.api("GET", "/api/me", token=token, expected=(401,))
    # KEFU_REVALIDATE_SECONDS is 5 by default: signed out well within the wait.
    expect(ann_desk.page.get_by_role("button", name="Sign in")).to_be_visible(timeout=15_000)
    expect(ann_desk.page.locator("#login-info")).to_contain_text("deactivated")

    bob = make_agent(name="Bob")
    dashboard(bob)

    def served_by_bob():
        found = kefu_server.api("GET", f"/api/conversations?q={unique}", token=admin_token)
        agent = found["data"][0]["agent"]
        return agent is not None and agent["id"] == bob["id"]

    wait_until(served_by_bob, timeout=15, message="the visitor to reach Bob")
    expect(shop.log).to_contain_text("no longer available")

    kefu_server.api(
        "POST",
        "/api/agent/login",
        {"email": ann["email"], "password": ann["password"]},
        expected=(403,),
    )
    kefu_server.api("PATCH", f"/api/agents/{ann['id']}", {"active": True}, token=admin_token)
    wait_until(
        lambda: kefu_server.api(
            "POST", "/api/agent/login", {"email": ann["email"], "password": ann["password"]}
        )["agent"]["active"],
        message="Ann to sign in again",
    )
