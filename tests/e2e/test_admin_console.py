"""The admin console (/admin): an admin manages agents, the widget, business hours, API keys
and team canned responses; the server's answer is what counts, checked through the API."""

import json
import re
import uuid

import pytest
from conftest import wait_until
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

ADMIN = {"email": "admin@example.com", "password": "admin"}


@pytest.fixture(scope="module")
def admin_login(kefu_server):
    """One admin sign-in for the module (logins are rate limited per email)."""
    return kefu_server.api("POST", "/api/agent/login", ADMIN)


@pytest.fixture
def open_console(kefu_server, admin_login):
    """Open a console page signed in (the admin unless `account` says otherwise)."""

    def open_(page, account=None, path="/admin"):
        body = (
            admin_login if account is None else kefu_server.api("POST", "/api/agent/login", account)
        )
        return put_session(page, body, path)

    return open_


def put_session(page, body, path):
    """Open `path` with the session put where the dashboard keeps it (sessionStorage)
    instead of typing it in (the sign-in itself is tested once below)."""
    session = json.dumps(
        {
            "access_token": body["access_token"],
            "refresh_token": body["refresh_token"],
            "agent": body["agent"],
        }
    )
    page.add_init_script(
        "if (!sessionStorage.getItem('kefu.agent.session'))"
        f" sessionStorage.setItem('kefu.agent.session', {json.dumps(session)});"
    )
    page.goto(path)
    return page


def section(page, key):
    node = page.get_by_test_id(f"admin-section-{key}")
    expect(node).to_be_visible()
    return node


@pytest.fixture
def settings_restored(kefu_server, admin_token):
    """Put the settings back as they were, so later tests see the defaults."""
    before = kefu_server.api("GET", "/api/settings", token=admin_token)
    yield before
    # Business hours merge day by day: clear them first so no day edited here survives.
    kefu_server.api("PATCH", "/api/settings", {"business_hours": None}, token=admin_token)
    kefu_server.api("PATCH", "/api/settings", before, token=admin_token)


def test_admin_signs_in_opens_the_console_and_adds_an_agent_who_can_sign_in(
    kefu_server, new_page, dashboard, admin_token
):
    """Sign in at /dashboard, follow the Admin link, add an agent with a skill; the agent is
    listed, stored as entered, and can sign in to the inbox in another browser."""
    page = new_page()
    page.goto("/dashboard")
    page.get_by_label("Email").fill(ADMIN["email"])
    page.get_by_label("Password").fill(ADMIN["password"])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("nav-admin").click()
    expect(page).to_have_url(re.compile(r"/admin"))
    agents = section(page, "agents")
    expect(page.get_by_test_id("nav-admin")).to_have_attribute("aria-current", "page")
    expect(agents.get_by_test_id("admin-agent-row").first).to_be_visible()

    tag = uuid.uuid4().hex[:8]
    email, name, password = f"new-{tag}@example.com", f"Nadia {tag}", f"pw-{tag}-secret"
    agents.get_by_test_id("admin-agent-add").click()
    dialog = page.get_by_test_id("admin-agent-dialog")
    dialog.get_by_test_id("admin-agent-email").fill(email)
    dialog.get_by_test_id("admin-agent-name").fill(name)
    dialog.get_by_test_id("admin-agent-password-input").fill(password)
    dialog.get_by_test_id("admin-agent-role").select_option("supervisor")
    dialog.get_by_test_id("admin-agent-max").fill("3")
    dialog.locator("[data-testid=admin-agent-skill][value=sales]").check()
    dialog.get_by_test_id("admin-agent-submit").click()
    expect(dialog).to_have_count(0)

    row = agents.get_by_test_id("admin-agent-row").filter(has_text=email)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("Supervisor")
    stored = next(
        a
        for a in kefu_server.api("GET", "/api/agents", token=admin_token)["data"]
        if a["email"] == email
    )
    assert stored["name"] == name
    assert stored["role"] == "supervisor"
    assert stored["skills"] == ["sales"]
    assert stored["max_concurrent"] == 3
    assert row.get_attribute("data-agent-id") == str(stored["id"])

    desk = dashboard({"email": email, "password": password})
    expect(desk.page.get_by_test_id("nav-reports")).to_be_visible()


def test_editing_an_agent_changes_only_what_was_edited(
    kefu_server, new_page, make_agent, admin_token, open_console
):
    """Edit name and capacity in the dialog; the PATCH leaves the rest alone."""
    agent = make_agent(skills=["billing"])
    page = open_console(new_page())
    row = section(page, "agents").locator(
        f"[data-testid=admin-agent-row][data-agent-id='{agent['id']}']"
    )
    row.get_by_test_id("admin-agent-edit").click()
    dialog = page.get_by_test_id("admin-agent-dialog")
    dialog.get_by_test_id("admin-agent-name").fill(agent["name"] + " Renamed")
    dialog.get_by_test_id("admin-agent-max").fill("7")
    dialog.get_by_test_id("admin-agent-submit").click()
    expect(dialog).to_have_count(0)
    expect(row).to_contain_text(agent["name"] + " Renamed")

    def saved():
        listed = kefu_server.api("GET", "/api/agents", token=admin_token)["data"]
        mine = next(a for a in listed if a["id"] == agent["id"])
        return mine["max_concurrent"] == 7 and mine["skills"] == ["billing"]

    wait_until(saved, message="the edit to reach the server")


def test_a_field_error_from_the_server_is_shown_next_to_the_field(
    kefu_server, new_page, open_console
):
    """An email that is taken passes the browser's checks; the server's 409 is shown under
    the email input and the dialog stays open with what was typed."""
    page = open_console(new_page())
    section(page, "agents").get_by_test_id("admin-agent-add").click()
    dialog = page.get_by_test_id("admin-agent-dialog")
    dialog.get_by_test_id("admin-agent-email").fill(ADMIN["email"])
    dialog.get_by_test_id("admin-agent-name").fill("Copycat")
    dialog.get_by_test_id("admin-agent-password-input").fill("whatever")
    dialog.get_by_test_id("admin-agent-submit").click()
    error = dialog.locator("[data-testid=admin-field-error][data-field=email]")
    expect(error).to_have_text("An agent with this email exists already.")
    expect(dialog.get_by_test_id("admin-agent-email")).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_test_id("admin-agent-name")).to_have_value("Copycat")

    # A check the browser makes itself, before any request.
    dialog.get_by_test_id("admin-agent-email").fill("not-an-email")
    dialog.get_by_test_id("admin-agent-submit").click()
    expect(error).to_contain_text("Enter an email address")


def test_widget_colour_and_welcome_message_are_previewed_and_saved(
    kefu_server, new_page, admin_token, settings_restored, unique, open_console
):
    """The preview follows the unsaved colour, position and welcome text; Save stores them
    (GET /api/settings) and the audit log records the change."""
    page = open_console(new_page(), path="/admin#widget")
    widget = section(page, "widget")
    preview = widget.get_by_test_id("admin-widget-preview")
    save = widget.get_by_test_id("admin-save")
    expect(save).to_be_disabled()

    welcome = f"Welcome to Acme {unique}!"
    widget.get_by_test_id("admin-widget-color-hex").fill("#0f766e")
    widget.get_by_test_id("admin-widget-welcome").fill(welcome)
    widget.get_by_test_id("admin-widget-position-left").check()
    expect(preview.get_by_test_id("admin-preview-header")).to_have_css(
        "background-color", "rgb(15, 118, 110)"
    )
    expect(preview.get_by_test_id("admin-preview-launcher")).to_have_css(
        "background-color", "rgb(15, 118, 110)"
    )
    expect(preview.get_by_test_id("admin-preview-welcome")).to_have_text(welcome)
    expect(preview).to_have_attribute("data-position", "left")
    widget.get_by_test_id("admin-widget-offline").fill(f"Back at nine {unique}")
    widget.get_by_test_id("admin-preview-away").check(force=True)
    expect(preview.get_by_test_id("admin-preview-offline")).to_have_text(f"Back at nine {unique}")
    expect(preview.get_by_test_id("admin-preview-welcome")).to_be_hidden()
    widget.get_by_test_id("admin-preview-online").check(force=True)
    expect(preview.get_by_test_id("admin-preview-welcome")).to_be_visible()
    expect(widget.get_by_test_id("admin-dirty")).to_be_visible()
    expect(save).to_be_enabled()
    save.click()
    expect(save).to_be_disabled()

    def stored():
        w = kefu_server.api("GET", "/api/settings", token=admin_token)["widget"]
        return (
            w["color"] == "#0f766e" and w["welcome_message"] == welcome and w["position"] == "left"
        )

    wait_until(stored, message="the widget settings to be saved")
    assert kefu_server.api("GET", "/api/widget/config")["welcome_message"] == welcome

    # After a reload the form and the preview show what was saved.
    page.reload()
    widget = section(page, "widget")
    expect(widget.get_by_test_id("admin-widget-color-hex")).to_have_value("#0f766e")
    expect(widget.get_by_test_id("admin-preview-welcome")).to_have_text(welcome)

    page.get_by_test_id("admin-nav-audit").click()
    newest = section(page, "audit").get_by_test_id("admin-audit-row").first
    expect(newest).to_have_attribute("data-action", "settings.updated")
    expect(newest).to_contain_text("widget.color")
    expect(newest).to_contain_text("#0f766e")


def test_a_pre_chat_field_is_added_to_the_widget(
    kefu_server, new_page, admin_token, settings_restored, open_console
):
    """A list field with labels in two languages and options reaches the settings."""
    kefu_server.api("PATCH", "/api/settings", {"widget": {"prechat": None}}, token=admin_token)
    page = open_console(new_page(), path="/admin#widget")
    widget = section(page, "widget")
    widget.get_by_test_id("admin-prechat-enabled").check()
    widget.get_by_test_id("admin-prechat-add").click()
    editor = widget.get_by_test_id("admin-prechat-field")
    editor.get_by_test_id("admin-prechat-name").fill("topic")
    editor.get_by_test_id("admin-prechat-type").select_option("select")
    editor.get_by_test_id("admin-prechat-label-en").fill("Topic")
    editor.get_by_test_id("admin-prechat-label-zh").fill("咨询类型")
    editor.get_by_test_id("admin-prechat-options").fill("Sales\nBilling")
    editor.get_by_test_id("admin-prechat-required").check()
    expect(widget.get_by_test_id("admin-preview-prechat")).to_contain_text("Topic *")
    widget.get_by_test_id("admin-save").click()

    def stored():
        prechat = kefu_server.api("GET", "/api/settings", token=admin_token)["widget"]["prechat"]
        return prechat == {
            "enabled": True,
            "fields": [
                {
                    "name": "topic",
                    "label": {"en": "Topic", "zh-CN": "咨询类型"},
                    "type": "select",
                    "required": True,
                    "options": ["Sales", "Billing"],
                }
            ],
        }

    wait_until(stored, message="the pre-chat form to be saved")


def test_business_hours_are_edited_and_saved(
    kefu_server, new_page, admin_token, settings_restored, open_console
):
    """Turn business hours on, pick a zone, change Monday, add a night shift on Friday,
    close Sunday and add a holiday; the settings hold exactly that week."""
    kefu_server.api("PATCH", "/api/settings", {"business_hours": None}, token=admin_token)
    page = open_console(new_page(), path="/admin#hours")
    hours = section(page, "hours")
    expect(hours.get_by_test_id("admin-hours-off")).to_be_visible()
    hours.get_by_test_id("admin-hours-enabled").check()
    hours.get_by_test_id("admin-hours-timezone").select_option("Asia/Shanghai")

    monday = hours.locator("[data-testid=admin-hours-day][data-day=mon]")
    monday.get_by_test_id("admin-hours-start").fill("08:30")
    monday.get_by_test_id("admin-hours-end").fill("17:00")

    friday = hours.locator("[data-testid=admin-hours-day][data-day=fri]")
    friday.get_by_test_id("admin-hours-add-shift").click()
    night = friday.get_by_test_id("admin-hours-shift").nth(1)
    night.get_by_test_id("admin-hours-start").fill("22:00")
    night.get_by_test_id("admin-hours-end").fill("02:00")
    expect(night.locator(".next-day")).to_be_visible()

    saturday = hours.locator("[data-testid=admin-hours-day][data-day=sat]")
    saturday.get_by_test_id("admin-hours-add-shift").click()
    saturday.get_by_test_id("admin-hours-start").fill("10:00")
    saturday.get_by_test_id("admin-hours-end").fill("14:00")

    tuesday = hours.locator("[data-testid=admin-hours-day][data-day=tue]")
    tuesday.get_by_test_id("admin-hours-remove-shift").click()
    expect(tuesday.get_by_test_id("admin-hours-closed")).to_be_visible()

    hours.get_by_test_id("admin-holiday-input").fill("2026-12-25")
    hours.get_by_test_id("admin-holiday-add").click()
    expect(hours.locator("[data-testid=admin-holiday][data-date='2026-12-25']")).to_be_visible()

    hours.get_by_test_id("admin-save").click()
    expected = {
        "timezone": "Asia/Shanghai",
        "weekly": {
            "mon": [["08:30", "17:00"]],
            "wed": [["09:00", "18:00"]],
            "thu": [["09:00", "18:00"]],
            "fri": [["09:00", "18:00"], ["22:00", "02:00"]],
            "sat": [["10:00", "14:00"]],
        },
        "holidays": ["2026-12-25"],
        "exceptions": [],
    }
    wait_until(
        lambda: (
            kefu_server.api("GET", "/api/settings", token=admin_token)["business_hours"] == expected
        ),
        message="the business hours to be saved",
    )
    expect(hours.get_by_test_id("admin-save")).to_be_disabled()

    # Off again: no business hours (null), always within hours.
    hours.get_by_test_id("admin-hours-enabled").uncheck()
    hours.get_by_test_id("admin-save").click()
    wait_until(
        lambda: (
            kefu_server.api("GET", "/api/settings", token=admin_token)["business_hours"] is None
        ),
        message="the business hours to be removed",
    )


def test_routing_and_allowed_origins_are_saved(
    kefu_server, new_page, admin_token, settings_restored, unique, open_console
):
    """Auto-close minutes (off is null) and the origin list editor."""
    page = open_console(new_page(), path="/admin#routing")
    routing = section(page, "routing")
    routing.get_by_test_id("admin-autoclose-enabled").check()
    routing.get_by_test_id("admin-autoclose-minutes").fill("45")
    routing.get_by_test_id("admin-save").click()
    wait_until(
        lambda: (
            kefu_server.api("GET", "/api/settings", token=admin_token)["auto_close_minutes"] == 45
        ),
        message="auto-close to be saved",
    )

    page.get_by_test_id("admin-nav-origins").click()
    origins = section(page, "origins")
    field = origins.get_by_test_id("admin-origin-input")
    field.fill("shop.example.com/path")
    origins.get_by_test_id("admin-origin-add").click()
    expect(origins.locator("[data-testid=admin-field-error][data-field=origin]")).to_contain_text(
        "https://shop.example.com"
    )
    field.fill(f"HTTPS://Shop-{unique}.example.com/")
    field.press("Enter")
    expect(
        origins.locator(
            f"[data-testid=admin-origin][data-origin='https://shop-{unique}.example.com']"
        )
    ).to_be_visible()
    expect(field).to_have_value("")
    origins.get_by_test_id("admin-save").click()
    wait_until(
        lambda: (
            f"https://shop-{unique}.example.com"
            in kefu_server.api("GET", "/api/settings", token=admin_token)["allowed_origins"]
        ),
        message="the origin to be saved",
    )


def test_an_api_key_is_shown_once_and_then_listed_without_the_secret(
    kefu_server, new_page, admin_token, unique, open_console
):
    """The key appears once with a copy button and a warning; the list afterwards (and after
    a reload) shows its name and prefix only. The key works until it is revoked."""
    page = open_console(new_page(), path="/admin#api-keys")
    keys = section(page, "api-keys")
    keys.get_by_test_id("admin-apikey-name").fill(f"CRM {unique}")
    keys.get_by_test_id("admin-apikey-create").click()
    secret_box = keys.get_by_test_id("admin-apikey-secret")
    expect(secret_box).to_be_visible()
    secret = secret_box.text_content()
    assert secret.startswith("kefu_")
    expect(keys.get_by_test_id("admin-apikey-reveal")).to_contain_text("only this once")
    expect(keys.get_by_test_id("admin-apikey-copy")).to_be_visible()
    assert kefu_server.api("GET", "/api/conversations", token=secret)["data"] is not None

    row = keys.get_by_test_id("admin-apikey-row").filter(has_text=f"CRM {unique}")
    expect(row).to_contain_text(secret[:12])
    keys.get_by_test_id("admin-apikey-done").click()
    expect(secret_box).to_have_count(0)

    page.reload()
    keys = section(page, "api-keys")
    row = keys.get_by_test_id("admin-apikey-row").filter(has_text=f"CRM {unique}")
    expect(row).to_contain_text(secret[:12])
    assert secret not in page.content()

    row.get_by_test_id("admin-apikey-revoke").click()
    page.get_by_test_id("admin-confirm-ok").click()
    expect(row.get_by_test_id("admin-apikey-revoke")).to_have_count(0)
    kefu_server.api("GET", "/api/conversations", token=secret, expected=(401,))


def test_a_team_canned_response_created_in_the_console_is_served_to_agents(
    kefu_server, new_page, admin_token, make_agent, unique, open_console
):
    """A team response made here is listed by the API for any agent; a second one with the
    same shortcut is refused next to the shortcut; editing and deleting work."""
    page = open_console(new_page(), path="/admin#canned")
    canned = section(page, "canned")
    shortcut = f"ship{unique}"
    canned.get_by_test_id("admin-canned-shortcut").fill(shortcut)
    canned.get_by_test_id("admin-canned-content").fill(
        "Orders ship within {{agent.name}}'s 2 days."
    )
    canned.get_by_test_id("admin-canned-submit").click()
    row = canned.get_by_test_id("admin-canned-row").filter(has_text="/" + shortcut)
    expect(row).to_have_count(1)

    agent = make_agent()
    token = kefu_server.api(
        "POST", "/api/agent/login", {"email": agent["email"], "password": agent["password"]}
    )["access_token"]
    listed = kefu_server.api("GET", "/api/canned-responses", token=token)["data"]
    mine = [c for c in listed if c["shortcut"] == shortcut]
    assert len(mine) == 1 and mine[0]["scope"] == "team"

    canned.get_by_test_id("admin-canned-shortcut").fill(shortcut.upper())
    canned.get_by_test_id("admin-canned-content").fill("Again")
    canned.get_by_test_id("admin-canned-submit").click()
    expect(canned.locator("[data-testid=admin-field-error][data-field=shortcut]")).to_have_text(
        "The team has a response with this shortcut already."
    )

    row.get_by_test_id("admin-canned-edit").click()
    canned.get_by_test_id("admin-canned-content").fill("Orders ship within 1 day.")
    canned.get_by_test_id("admin-canned-submit").click()
    expect(row).to_contain_text("Orders ship within 1 day.")
    row.get_by_test_id("admin-canned-delete").click()
    page.get_by_test_id("admin-confirm-ok").click()
    expect(row).to_have_count(0)
    listed = kefu_server.api("GET", "/api/canned-responses", token=admin_token)["data"]
    assert all(c["shortcut"] != shortcut for c in listed)


def test_a_skill_group_is_added_offered_in_the_widget_and_deleted(
    kefu_server, new_page, admin_token, settings_restored, unique, open_console
):
    """Add a group, offer it in the widget with a label per language, then delete it."""
    page = open_console(new_page(), path="/admin#skill-groups")
    groups = section(page, "skill-groups")
    name = f"vip-{unique}"
    groups.get_by_test_id("admin-group-name").fill(name)
    groups.get_by_test_id("admin-group-add").click()
    row = groups.locator(f"[data-testid=admin-group-row][data-group='{name}']")
    expect(row).to_be_visible()
    row.get_by_test_id("admin-group-offer").check(force=True)
    row.get_by_test_id("admin-group-label-en").fill("VIP care")
    row.get_by_test_id("admin-group-label-zh").fill("贵宾服务")
    groups.get_by_test_id("admin-save").click()
    wait_until(
        lambda: (
            {"name": name, "label": {"en": "VIP care", "zh-CN": "贵宾服务"}}
            in kefu_server.api("GET", "/api/settings", token=admin_token)["widget"]["skill_groups"]
        ),
        message="the widget's group choice to be saved",
    )
    row.get_by_test_id("admin-group-delete").click()
    page.get_by_test_id("admin-confirm-ok").click()
    expect(row).to_have_count(0)
    names = [
        g["name"] for g in kefu_server.api("GET", "/api/skill-groups", token=admin_token)["data"]
    ]
    assert name not in names


def test_deactivating_an_agent_signs_them_out_and_reactivating_lets_them_back(
    kefu_server, new_page, make_agent, admin_token, open_console
):
    """Deactivate (after a confirm) and the agent's login is refused; reactivate and it
    works again. The admin's own row cannot be deactivated."""
    agent = make_agent()
    login = {"email": agent["email"], "password": agent["password"]}
    if "active" not in agent:
        pytest.skip("this server has no deactivation yet (agents have no `active` field)")
    page = open_console(new_page())
    agents = section(page, "agents")
    me = agents.get_by_test_id("admin-agent-row").filter(has_text=ADMIN["email"])
    expect(me.get_by_test_id("admin-agent-deactivate")).to_be_disabled()

    row = agents.locator(f"[data-testid=admin-agent-row][data-agent-id='{agent['id']}']")
    row.get_by_test_id("admin-agent-deactivate").click()
    expect(page.get_by_test_id("admin-confirm")).to_contain_text(agent["name"])
    page.get_by_test_id("admin-confirm-cancel").click()
    expect(row).to_have_attribute("data-active", "true")

    row.get_by_test_id("admin-agent-deactivate").click()
    page.get_by_test_id("admin-confirm-ok").click()
    expect(row).to_have_attribute("data-active", "false")
    expect(row.get_by_test_id("admin-agent-inactive")).to_be_visible()
    kefu_server.api("POST", "/api/agent/login", login, expected=(401, 403))

    row.get_by_test_id("admin-agent-reactivate").click()
    page.get_by_test_id("admin-confirm-ok").click()
    expect(row).to_have_attribute("data-active", "true")
    kefu_server.api("POST", "/api/agent/login", login)


def test_a_non_admin_agent_is_refused_the_console(kefu_server, new_page, make_agent, open_console):
    """An agent who opens /admin sees why not and a way back, and no console."""
    agent = make_agent()
    page = open_console(new_page(), {"email": agent["email"], "password": agent["password"]})
    refusal = page.get_by_test_id("admin-refusal")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("Only admins can open the console")
    expect(refusal.get_by_test_id("admin-refusal-back")).to_have_attribute("href", "/dashboard")
    expect(page.get_by_test_id("admin-section-agents")).to_have_count(0)


def test_without_a_session_the_console_sends_you_to_sign_in(new_page):
    """No session in this tab: the sign-in page."""
    page = new_page()
    page.goto("/admin")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_label("Email")).to_be_visible()


def test_the_console_speaks_chinese(kefu_server, new_page, open_console):
    """?lang=zh-CN: the menu, the sections, the top navigation and the preview in Chinese."""
    page = open_console(new_page(), path="/admin?lang=zh-CN#widget")
    widget = section(page, "widget")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_test_id("admin-nav-agents")).to_have_text("客服")
    expect(page.get_by_test_id("admin-nav-hours")).to_have_text("工作时间")
    expect(page.get_by_test_id("nav-admin")).to_have_text("管理")
    expect(widget.locator(".section-title")).to_have_text("聊天插件")
    expect(widget.get_by_test_id("admin-save")).to_have_text("保存更改")
    expect(widget.get_by_test_id("admin-preview-header")).to_contain_text("在线客服")
    page.get_by_test_id("admin-nav-agents").click()
    expect(section(page, "agents").get_by_test_id("admin-agent-add")).to_contain_text("添加客服")


def test_resetting_a_password_asks_twice_and_ends_the_old_one(
    kefu_server, new_page, make_agent, open_console
):
    """The new password is typed twice (a mismatch is caught in the browser); afterwards the
    old password is refused and the new one signs in."""
    agent = make_agent()
    page = open_console(new_page())
    row = section(page, "agents").locator(
        f"[data-testid=admin-agent-row][data-agent-id='{agent['id']}']"
    )
    row.get_by_test_id("admin-agent-password").click()
    dialog = page.get_by_test_id("admin-password-dialog")
    dialog.get_by_test_id("admin-password-new").fill("brand-new-secret")
    dialog.get_by_test_id("admin-password-again").fill("brand-new-secreT")
    dialog.get_by_test_id("admin-password-submit").click()
    expect(dialog.locator("[data-testid=admin-field-error][data-field=again]")).to_have_text(
        "The passwords do not match."
    )
    dialog.get_by_test_id("admin-password-again").fill("brand-new-secret")
    dialog.get_by_test_id("admin-password-submit").click()
    expect(dialog).to_have_count(0)
    old = {"email": agent["email"], "password": agent["password"]}
    kefu_server.api("POST", "/api/agent/login", old, expected=(401,))
    kefu_server.api(
        "POST", "/api/agent/login", {"email": agent["email"], "password": "brand-new-secret"}
    )


def test_the_audit_log_pages_match_the_api(kefu_server, new_page, admin_token, open_console):
    """Newest first, 20 a page, Next shows the next page of the API's answer."""
    first = kefu_server.api("GET", "/api/audit-log?page=1&per_page=20", token=admin_token)
    page = open_console(new_page(), path="/admin#audit")
    audit = section(page, "audit")
    rows = audit.get_by_test_id("admin-audit-row")
    expect(rows.first).to_have_attribute("data-audit-id", str(first["data"][0]["id"]))
    expect(rows).to_have_count(len(first["data"]))
    pages = -(-first["total"] // 20)
    expect(audit.get_by_test_id("admin-audit-page")).to_contain_text(f"Page 1 of {pages}")
    expect(audit.get_by_test_id("admin-audit-prev")).to_be_disabled()
    if pages > 1:
        second = kefu_server.api("GET", "/api/audit-log?page=2&per_page=20", token=admin_token)
        audit.get_by_test_id("admin-audit-next").click()
        expect(rows.first).to_have_attribute("data-audit-id", str(second["data"][0]["id"]))
        expect(audit.get_by_test_id("admin-audit-prev")).to_be_enabled()


def test_on_a_phone_the_menu_is_a_strip_and_tables_are_cards(new_page, open_console):
    """390 px wide: every section is one tap away and nothing is wider than the screen."""
    page = open_console(new_page(mobile=True))
    agents = section(page, "agents")
    expect(agents.get_by_test_id("admin-agent-row").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("admin-nav-api-keys").click()
    expect(section(page, "api-keys").get_by_test_id("admin-apikey-name")).to_be_visible()
    page.get_by_test_id("admin-nav-widget").click()
    widget = section(page, "widget")
    expect(widget.get_by_test_id("admin-widget-preview")).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
