"""Screenshots of the admin console for docs/admin.md (docs/images/admin-*.png).

Written only when KEFU_SCREENSHOTS=1 (into KEFU_SCREENSHOTS_DIR, default docs/images);
otherwise skipped, so the normal suite never rewrites the pictures."""

import json

import pytest
from conftest import SCREENSHOT_DIR, screenshots_only, wait_until
from playwright.sync_api import expect

from kefu.events.types import EVENT_TYPES
from tests.receiver import Receiver

pytestmark = [
    pytest.mark.e2e,
    screenshots_only,
]

OUT = SCREENSHOT_DIR
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Room for the webhooks and the delivery log below them in one picture.
TALL = {"width": 1280, "height": 960}

SHOTS = [
    # (section, locale, viewport, file name)
    ("agents", "en", DESKTOP, "admin-agents-en.png"),
    ("skill-groups", "en", DESKTOP, "admin-skill-groups-en.png"),
    ("widget", "en", DESKTOP, "admin-widget-en.png"),
    ("hours", "en", DESKTOP, "admin-hours-en.png"),
    ("api-keys", "en", DESKTOP, "admin-api-keys-en.png"),
    ("canned", "en", DESKTOP, "admin-canned-en.png"),
    ("audit", "en", DESKTOP, "admin-audit-en.png"),
    ("webhooks", "en", TALL, "admin-webhooks-en.png"),
    ("webhooks", "zh-CN", TALL, "admin-webhooks-zh-CN.png"),
    ("agents", "en", PHONE, "admin-agents-phone-en.png"),
    ("widget", "en", PHONE, "admin-widget-phone-en.png"),
    ("widget", "zh-CN", DESKTOP, "admin-widget-zh-CN.png"),
    ("agents", "zh-CN", DESKTOP, "admin-agents-zh-CN.png"),
    ("hours", "zh-CN", PHONE, "admin-hours-phone-zh-CN.png"),
    ("hours", "en", DESKTOP, "admin-hours-exceptions-en.png"),
    ("hours", "zh-CN", DESKTOP, "admin-hours-exceptions-zh-CN.png"),
    ("identity", "en", DESKTOP, "admin-identity-en.png"),
    ("identity", "zh-CN", DESKTOP, "admin-identity-zh-CN.png"),
    ("routing", "en", DESKTOP, "admin-routing-en.png"),
    ("routing", "zh-CN", DESKTOP, "admin-routing-zh-CN.png"),
]


# Settings a team might have, so the pictures show filled-in forms and a styled preview.
SHOWN_SETTINGS = {
    "widget": {
        "color": "#0f766e",
        "welcome_message": "Hi! Questions about an order? We are happy to help.",
        "reply_time": "We reply within minutes",
        "prechat": {
            "enabled": True,
            "fields": [
                {
                    "name": "name",
                    "label": {"en": "Your name", "zh-CN": "您的姓名"},
                    "required": True,
                },
                {
                    "name": "topic",
                    "label": {"en": "Topic", "zh-CN": "咨询类型"},
                    "type": "select",
                    "options": ["Orders", "Returns", "Other"],
                },
            ],
        },
        "skill_groups": [{"name": "sales", "label": {"en": "Sales", "zh-CN": "售前咨询"}}],
    },
    "business_hours": {
        "timezone": "Asia/Shanghai",
        "weekly": {
            "mon": [["09:00", "12:00"], ["13:00", "18:00"]],
            "tue": [["09:00", "18:00"]],
            "wed": [["09:00", "18:00"]],
            "thu": [["09:00", "18:00"]],
            "fri": [["09:00", "18:00"], ["20:00", "02:00"]],
            "sat": [["10:00", "16:00"]],
        },
        "holidays": ["2026-12-25", "2027-01-01", "2027-02-17"],
        "exceptions": [
            {"date": "2026-12-24", "shifts": [["09:00", "13:00"]]},
            {"date": "2026-12-27", "shifts": [["10:00", "16:00"]]},
            {"date": "2027-02-17", "shifts": [["10:00", "14:00"]]},
        ],
    },
    "auto_close_minutes": 30,
    "allowed_origins": ["https://shop.example.com"],
    "workspace": {"agents_see_all_open": True},
}


@pytest.fixture(scope="module")
def admin_session(kefu_server):
    body = kefu_server.api(
        "POST", "/api/agent/login", {"email": "admin@example.com", "password": "admin"}
    )
    token = body["access_token"]
    # Something in every list.
    kefu_server.api("POST", "/api/api-keys", {"name": "CRM sync"}, token=token)
    kefu_server.api(
        "POST",
        "/api/canned-responses",
        {
            "shortcut": "refund",
            "content": "Refunds reach your card within 5 working days.",
            "scope": "team",
        },
        token=token,
    )
    kefu_server.api(
        "POST",
        "/api/canned-responses",
        {
            "shortcut": "hello",
            "content": "Hi {{visitor.name}}, this is {{agent.name}}. How can I help?",
            "scope": "team",
        },
        token=token,
    )
    before = kefu_server.api("GET", "/api/settings", token=token)
    kefu_server.api("PATCH", "/api/settings", SHOWN_SETTINGS, token=token)
    yield json.dumps(
        {"access_token": token, "refresh_token": body["refresh_token"], "agent": body["agent"]}
    )
    kefu_server.api("PATCH", "/api/settings", {"business_hours": None}, token=token)
    kefu_server.api("PATCH", "/api/settings", before, token=token)


@pytest.fixture(scope="module")
def webhook_log(kefu_server, admin_session):
    """Two webhooks, the first to a receiver on loopback with a log of delivered test
    events, a redelivery and one the receiver refuses (pending, retried); deleted after."""
    token = json.loads(admin_session)["access_token"]

    def call(method, path="", body=None):
        return kefu_server.api(method, "/api/webhooks" + path, body, token, (200, 201, 202, 204))

    with Receiver() as receiver:
        shown = call(
            "POST",
            body={
                "url": receiver.url.replace("/hook", "/kefu-events"),
                "events": ["conversation.created", "conversation.closed", "message.created"],
            },
        )
        other = call(
            "POST",
            body={
                "url": "https://tickets.example.com/hooks/kefu",
                "events": list(EVENT_TYPES),
                "active": False,
            },
        )
        log = f"/{shown['id']}/deliveries"
        for _ in range(3):
            call("POST", f"/{shown['id']}/test")
        wait_until(lambda: len(call("GET", log + "?status=delivered")["data"]) == 3, 30)
        first = call("GET", log)["data"][-1]
        call("POST", f"{log}/{first['id']}/redeliver")
        wait_until(lambda: len(call("GET", log + "?status=delivered")["data"]) == 4, 30)
        receiver.mode = "fail"
        call("POST", f"/{shown['id']}/test")
        wait_until(lambda: call("GET", log + "?status=pending")["data"], 30)
        yield shown
        call("DELETE", f"/{shown['id']}")
        call("DELETE", f"/{other['id']}")


# The identity section just after generating a secret, without generating one on the
# suite's server (the rest of the suite signs with its secret): the answers are staged.
SHOWN_SECRET = "kefu_id_Xq3vR8mLw2TzK9pN4cYhB7dFs6JgA1eU0oVtQ5iHnWk"
IDENTITY_ANSWERS = {
    "POST": {
        "set": True,
        "source": "console",
        "set_at": "2026-12-04T10:20:31.412Z",
        "last4": SHOWN_SECRET[-4:],
        "previous_valid_until": "2026-12-05T10:20:31.412Z",
        "secret": SHOWN_SECRET,
    },
    "GET": {
        "set": True,
        "source": "console",
        "set_at": "2026-12-04T10:20:31.412Z",
        "last4": SHOWN_SECRET[-4:],
        "previous_valid_until": "2026-12-05T10:20:31.412Z",
    },
}


def stage_identity(page):
    def answer(route):
        method = route.request.method
        status = 201 if method == "POST" else 200
        route.fulfill(status=status, json=IDENTITY_ANSWERS[method])

    page.route("**/api/settings/identity-secret", answer)


def show_generated_secret(page, section):
    section.get_by_test_id("admin-identity-generate").click()
    page.get_by_test_id("admin-confirm-ok").click()
    expect(section.get_by_test_id("admin-identity-reveal")).to_be_visible()
    expect(section.get_by_test_id("admin-identity-overlap")).to_be_visible()


def show_exceptions(page, section):
    card = section.get_by_test_id("admin-exception").first
    expect(card).to_be_visible()
    card.evaluate("n => n.closest('.card').scrollIntoView({block: 'start'})")


# name -> (before opening the page, before the picture)
STAGES = {
    "admin-hours-exceptions-en.png": (None, show_exceptions),
    "admin-hours-exceptions-zh-CN.png": (None, show_exceptions),
    "admin-identity-en.png": (stage_identity, show_generated_secret),
    "admin-identity-zh-CN.png": (stage_identity, show_generated_secret),
}


@pytest.mark.parametrize("key,locale,viewport,name", SHOTS, ids=[s[3] for s in SHOTS])
def test_screenshot(request, browser, kefu_server, admin_session, key, locale, viewport, name):
    """Take one picture of a section."""
    if key == "webhooks":
        request.getfixturevalue("webhook_log")
    context = browser.new_context(base_url=kefu_server.url, viewport=viewport, locale=locale)
    try:
        page = context.new_page()
        page.add_init_script(
            f"sessionStorage.setItem('kefu.agent.session', {json.dumps(admin_session)});"
        )
        before_opening, before_picture = STAGES.get(name, (None, None))
        if before_opening:
            before_opening(page)
        page.goto(f"/admin?lang={locale}#{key}")
        section = page.get_by_test_id(f"admin-section-{key}")
        expect(section).to_be_visible()
        expect(section.locator(".loading")).to_have_count(0)
        if before_picture:
            before_picture(page, section)
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / name))
    finally:
        context.close()
