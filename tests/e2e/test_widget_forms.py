"""The widget tells the truth about who can answer: the offline form when nobody can, the
team's pre-chat questions before a first conversation when someone can."""

import contextlib
import time

import pytest
import socketio
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def wait_until(predicate, timeout=10.0, message="condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {message}"
        time.sleep(0.1)


@contextlib.contextmanager
def agent_online(kefu_server, agent):
    """`agent` connected to /agent (so online) without a dashboard, for the block."""
    token = kefu_server.api(
        "POST", "/api/agent/login", {"email": agent["email"], "password": agent["password"]}
    )["access_token"]
    client = socketio.Client(reconnection=False, handle_sigint=False)
    client.connect(
        kefu_server.url,
        namespaces=["/agent"],
        auth={"token": token},
        transports=["websocket"],
        wait_timeout=10,
    )
    try:
        yield
    finally:
        client.disconnect()


@contextlib.contextmanager
def widget_settings(kefu_server, admin_token, **widget):
    """The team's widget settings changed for the block, then back to the defaults; each
    change waited for on the public config the widget reads."""

    def config():
        return kefu_server.api("GET", "/api/widget/config")

    kefu_server.api("PATCH", "/api/settings", {"widget": widget}, token=admin_token)
    expected = widget.get("prechat", {}).get("enabled")
    if expected is not None:
        wait_until(lambda: config()["prechat"]["enabled"] == expected, message="settings")
    try:
        yield
    finally:
        kefu_server.api(
            "PATCH", "/api/settings", {"widget": dict.fromkeys(widget)}, token=admin_token
        )
        wait_until(lambda: not config()["prechat"]["enabled"], message="settings reset")
        # A widget config may be cached this long by a browser: later tests open new contexts.
        time.sleep(0.1)


def _open(visitor):
    """Open the chat without assuming the composer shows (the pre-chat form may replace it)."""
    visitor.visit("/")
    visitor.launcher.click()
    expect(visitor.launcher).to_have_attribute("aria-expanded", "true")
    return visitor


def test_with_nobody_available_the_visitor_leaves_a_message_by_email(
    kefu_server, widget, admin_token, nobody_else_online, unique
):
    """The header says nobody is there; the offline form checks its fields, stores a
    pending conversation for the team, thanks the visitor and shows their message."""
    nobody_else_online()
    visitor = _open(widget())
    frame = visitor.frame
    expect(frame.locator("#subtitle")).to_have_text("No one is available right now")
    form = frame.get_by_test_id("kefu-offline-form")
    expect(form).to_be_visible()
    expect(frame.get_by_role("heading", name="We are away right now")).to_be_visible()

    frame.get_by_test_id("kefu-offline-submit").click()
    expect(form.get_by_text("Please fill this in.")).to_have_count(3)
    expect(form.locator('input[name="name"]')).to_be_focused()

    form.locator('input[name="name"]').fill("Jane Doe")
    form.locator('input[name="email"]').fill("jane@")
    form.locator('textarea[name="content"]').fill(f"Do you ship to Norway? {unique}")
    frame.get_by_test_id("kefu-offline-submit").click()
    expect(form.get_by_text("Enter an email address like name@example.com.")).to_be_visible()
    expect(form.locator('input[name="email"]')).to_be_focused()

    form.locator('input[name="email"]').fill("jane@shop.example")
    frame.get_by_test_id("kefu-offline-submit").click()
    expect(
        frame.get_by_text("Thanks, Jane Doe! We will reply to jane@shop.example")
    ).to_be_visible()
    expect(form).to_be_hidden()
    expect(frame.locator("#subtitle")).to_have_text("We will reply by email")
    message = frame.locator('[data-testid="kefu-message"][data-sender="visitor"]', has_text=unique)
    expect(message).to_be_visible()

    # Back later: the message is there, the form is not, and the widget says what happens.
    visitor.page.reload()
    expect(message).to_be_visible()
    expect(frame.locator("#status")).to_have_text(
        "We got your message and will reply by email as soon as we can."
    )
    expect(form).to_be_hidden()

    pending = kefu_server.api("GET", "/api/conversations?status=pending", token=admin_token)
    mine = [c for c in pending["data"] if c["visitor"]["name"] == "Jane Doe"]
    assert mine and mine[0]["visitor"]["email"] == "jane@shop.example"
    assert mine[0]["status"] == "pending"


def test_with_an_agent_online_there_is_no_offline_form(
    kefu_server, widget, make_agent, nobody_else_online
):
    """Someone online: the greeting and the composer, no offline form, no away notice."""
    agent = make_agent()
    nobody_else_online()
    with agent_online(kefu_server, agent):
        visitor = widget().visit("/").open()
        expect(visitor.frame.locator("#subtitle")).to_have_text("We usually reply in a few minutes")
        expect(visitor.frame.get_by_text("Hi there")).to_be_visible()
        expect(visitor.frame.get_by_test_id("kefu-offline-form")).to_be_hidden()


def test_prechat_answers_reach_the_visitor_profile_and_pick_the_skill_group(
    kefu_server, widget, admin_token, make_agent, nobody_else_online, unique
):
    """With the pre-chat form on, the composer waits for the answers; name and email land
    in the visitor's profile and the topic chosen routes the chat to its skill group."""
    agent = make_agent(skills=["sales"])
    nobody_else_online()
    prechat = {
        "enabled": True,
        "fields": [
            {"name": "name", "label": {"en": "Your name", "zh-CN": "您的称呼"}, "required": True},
            {"name": "email", "label": "Email", "type": "email", "required": True},
            {"name": "order", "label": "Order number"},
        ],
    }
    groups = [{"name": "sales", "label": {"en": "Buying tea", "zh-CN": "购买咨询"}}]
    with (
        agent_online(kefu_server, agent),
        widget_settings(kefu_server, admin_token, prechat=prechat, skill_groups=groups),
    ):
        visitor = _open(widget())
        frame = visitor.frame
        form = frame.get_by_test_id("kefu-prechat-form")
        expect(form).to_be_visible()
        expect(frame.get_by_test_id("kefu-composer")).to_be_hidden()
        expect(form.locator('input[name="name"]')).to_be_focused()
        expect(form.get_by_label("What is it about?")).to_have_attribute("name", "skill_group")

        frame.get_by_test_id("kefu-prechat-submit").click()
        expect(form.get_by_text("Please fill this in.")).to_have_count(3)

        form.locator('input[name="name"]').fill(f"Lee {unique}")
        form.locator('input[name="email"]').fill("lee@shop.example")
        form.locator('input[name="order"]').fill("A-1001")
        form.locator('select[name="skill_group"]').select_option(label="Buying tea")
        frame.get_by_test_id("kefu-prechat-submit").click()

        expect(form).to_be_hidden()
        expect(frame.get_by_test_id("kefu-composer")).to_be_focused()
        visitor.send(f"Which oolong for a beginner? {unique}")
        mine = frame.locator('[data-testid="kefu-message"][data-state="sent"]')
        expect(mine).to_have_count(1)

        conversation_id = int(mine.get_attribute("data-conversation"))
        conversation = kefu_server.api(
            "GET", f"/api/conversations/{conversation_id}", token=admin_token
        )
        assert conversation["visitor"]["name"] == f"Lee {unique}"
        assert conversation["visitor"]["email"] == "lee@shop.example"
        assert conversation["skill_group"] == "sales"

        # Answered once: the same visitor is not asked again.
        visitor.page.reload()
        expect(frame.get_by_test_id("kefu-composer")).to_be_visible()
        expect(form).to_be_hidden()
