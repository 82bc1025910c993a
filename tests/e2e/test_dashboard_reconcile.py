"""The dashboard re-reads what it holds: an event lost between the server and the agent's
socket (a worker killed after storing, before emitting) still shows once the dashboard
reconciles (every KEFU_DASHBOARD_RECONCILE_SECONDS, and when its tab comes back into
view). The loss is real: the browser's websocket is routed through Playwright, which drops
the chosen frames before the page sees them."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def losing_frames(page, drop, dropped):
    """`page` with a socket that loses every frame from the server that `drop` picks
    (each one kept in `dropped`)."""

    def lossy(ws):
        server = ws.connect_to_server()
        ws.on_message(server.send)

        def from_server(message):
            if isinstance(message, str) and drop(message):
                dropped.append(message)
            else:
                ws.send(message)

        server.on_message(from_server)

    page.route_web_socket(re.compile(r"/socket\.io/"), lossy)
    return page


def back_into_view(page):
    """What the browser fires when the agent returns to the dashboard's tab."""
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")


def test_a_lost_message_and_a_lost_assignment_show_when_the_dashboard_reconciles(
    new_page, widget, dashboard, make_agent, nobody_else_online, unique
):
    losing = {"message": f"Lost on the way {unique}", "conversations": False}
    second_text = f"Second visitor {unique}"
    dropped = []

    def drop(frame):
        if frame.startswith('42/agent,["message"'):
            return losing["message"] in frame or second_text in frame
        return losing["conversations"] and frame.startswith('42/agent,["conversation"')

    agent = make_agent()
    nobody_else_online()
    desk = dashboard(agent, page=losing_frames(new_page(), drop, dropped))

    first = widget().visit("/").open()
    first.send(f"Hello {unique}")
    desk.open_conversation(f"Hello {unique}")

    first.send(losing["message"])
    expect(first.stored(losing["message"])).to_have_count(1)
    lost = desk.messages.locator(".kf-bubble", has_text=losing["message"])
    desk.page.wait_for_timeout(1000)  # the event had its chance to arrive
    expect(lost).to_have_count(0)
    assert any(losing["message"] in frame for frame in dropped)
    back_into_view(desk.page)
    expect(lost).to_have_count(1)

    # The next assignment's event never reaches the page, nor its first message.
    losing["conversations"] = True
    second = widget().visit("/").open()
    second.send(second_text)
    expect(second.stored(second_text)).to_have_count(1)
    desk.page.wait_for_timeout(1000)
    expect(desk.conversation(second_text)).to_have_count(0)
    assert any(frame.startswith('42/agent,["conversation"') for frame in dropped)
    back_into_view(desk.page)
    expect(desk.conversation(second_text)).to_have_count(1)
