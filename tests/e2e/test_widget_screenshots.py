"""Screenshots of the visitor widget in every state, in en and zh-CN, for docs/widget.md and
the README (docs/images/widget-<state>-<locale>.png).

Written only when KEFU_SCREENSHOTS=1 (into KEFU_SCREENSHOTS_DIR, default docs/images);
otherwise skipped, so the normal suite never rewrites the pictures. Each picture is taken
only after the state it shows was checked on the page, so the generator is a test too.

The pictures come from a `kefu serve` of this module's own (a fresh database): queue
positions and the wait estimate (how many conversations were assigned so far) are then the
same on every run, and stopping it for the reconnecting picture disturbs no other test.
Agents answer over their Socket.IO namespace (no dashboard), the host page is the demo
shop; names and texts are fixed, animations off, times in a fixed zone.
"""

from contextlib import contextmanager

import pytest
from conftest import KefuServer, screenshots_only, wait_until
from playwright.sync_api import expect
from widget_shot_people import (
    AgentDesk,
    Visitor,
    assigned,
    close_conversations,
    return_label,
    someone_writes,
    tin_photo,
    wait_in_page,
)
from widget_shot_words import PRECHAT_SETTINGS, SAY, WIDGET

pytestmark = [
    pytest.mark.e2e,
    screenshots_only,
]

LOCALES = ("en", "zh-CN")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ZONES = {"en": "Europe/London", "zh-CN": "Asia/Shanghai"}
# The bottom right corner of the desktop page: the launcher, its badge and the preview.
CORNER = {"x": 880, "y": 540, "width": 400, "height": 260}


@pytest.fixture(scope="module")
def kefu_server(tmp_path_factory):
    """This module's own server (it overrides the session's: see the module docstring)."""
    server = KefuServer(tmp_path_factory.mktemp("kefu-widget-shots"))
    server.prepare()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def admin_token(kefu_server):
    return kefu_server.admin_token()


@pytest.fixture
def agent_desk(kefu_server, admin_token, make_agent, nobody_else_online):
    """with agent_desk(locale, **agent_settings) as desk: the locale's agent, alone online
    for the block."""

    @contextmanager
    def online(locale, **settings):
        nobody_else_online()
        agent = make_agent(name=SAY[locale]["agent"])
        if settings:
            kefu_server.api("PATCH", f"/api/agents/{agent['id']}", settings, token=admin_token)
        desk = AgentDesk(kefu_server, agent)
        try:
            yield desk
        finally:
            desk.leave()

    return online


@pytest.fixture
def visitor(browser, kefu_server):
    """visitor(locale, phone=False): a new person's browser; all closed afterwards."""
    contexts = []

    def open_visitor(locale, phone=False):
        options = {
            "base_url": kefu_server.url,
            "locale": locale,
            "timezone_id": ZONES[locale],
            "reduced_motion": "reduce",
            "color_scheme": "light",
        }
        if phone:
            options.update(viewport=PHONE, is_mobile=True, has_touch=True)
        else:
            options.update(viewport=DESKTOP)
        context = browser.new_context(**options)
        contexts.append(context)
        return Visitor(context.new_page(), locale)

    yield open_visitor
    for context in contexts:
        context.close()


# ---------- the states ----------
# First in the module: the wait estimate counts the conversations assigned before it.


@pytest.mark.parametrize("locale", LOCALES)
def test_queued_with_a_wait_then_nobody_available(
    kefu_server, admin_token, visitor, agent_desk, locale
):
    """In line behind a busy agent: the position and a wait estimate. The agent steps away:
    nobody could answer, so no estimate, and the offline form is offered below."""
    say, words = SAY[locale], WIDGET[locale]
    with agent_desk(locale, max_concurrent=1) as desk:
        busy = someone_writes(kefu_server, say["blocker"])
        assigned(kefu_server, admin_token, busy, desk.agent)

        shop = visitor(locale).visit().open()
        shop.send(say["in_line"])
        waiting = shop.conversation_id()
        try:
            expect(shop.status).to_have_text(words["queued"])
            expect(shop.frame.get_by_test_id("kefu-queue-position")).to_be_visible()
            expect(shop.frame.get_by_test_id("kefu-offline-form")).to_be_hidden()
            shop.shoot_panel("queued")

            desk.away()
            expect(shop.status).to_have_text(words["nobody"])
            form = shop.frame.get_by_test_id("kefu-offline-form")
            expect(form).to_be_visible()
            expect(shop.frame.locator("#offline-title")).to_have_text(words["away_title"])
            expect(shop.mine(say["in_line"])).to_be_visible()
            shop.shoot_panel("nobody")
        finally:
            close_conversations(kefu_server, admin_token, waiting, busy)


@pytest.mark.parametrize("locale", LOCALES)
def test_offline_form_and_its_thanks(visitor, nobody_else_online, locale):
    """Nobody online and no conversation: the offline form, filled in; then its thanks."""
    say, words = SAY[locale], WIDGET[locale]
    nobody_else_online()
    shop = visitor(locale).visit().open()
    form = shop.frame.get_by_test_id("kefu-offline-form")
    expect(form).to_be_visible()
    expect(shop.frame.locator("#offline-title")).to_have_text(words["away_title"])
    name, email = say["visitor"]
    form.locator('input[name="name"]').fill(name)
    form.locator('input[name="email"]').fill(email)
    form.locator('textarea[name="content"]').fill(say["offline"])
    shop.shoot_panel("offline")

    shop.frame.get_by_test_id("kefu-offline-submit").click()
    thanks = shop.frame.locator("#offline-thanks")
    expect(thanks).to_have_text(words["thanks"])
    expect(form).to_be_hidden()
    expect(shop.mine(say["offline"])).to_be_visible()
    shop.shoot_panel("offline-sent")


@pytest.mark.parametrize("locale", LOCALES)
def test_prechat_form(kefu_server, admin_token, visitor, agent_desk, locale):
    """The team's questions before a first conversation, in the visitor's language."""
    say, words = SAY[locale], WIDGET[locale]

    def prechat_on():
        return kefu_server.api("GET", "/api/widget/config")["prechat"]["enabled"]

    kefu_server.api("PATCH", "/api/settings", {"widget": PRECHAT_SETTINGS}, token=admin_token)
    try:
        wait_until(prechat_on, message="the pre-chat form on")
        with agent_desk(locale):
            shop = visitor(locale).visit()
            shop.launcher.click()
            form = shop.frame.get_by_test_id("kefu-prechat-form")
            expect(form).to_be_visible()
            expect(shop.frame.locator("#prechat-title")).to_have_text(words["prechat_title"])
            expect(shop.input).to_be_hidden()
            form.locator('input[name="name"]').fill(say["visitor"][0])
            form.locator('input[name="email"]').fill(say["visitor"][1])
            form.locator('select[name="skill_group"]').select_option("sales")
            shop.shoot_panel("prechat")
    finally:
        reset = dict.fromkeys(PRECHAT_SETTINGS)
        kefu_server.api("PATCH", "/api/settings", {"widget": reset}, token=admin_token)
        wait_until(lambda: not prechat_on(), message="the pre-chat form off")


@pytest.mark.parametrize("locale", LOCALES)
def test_a_conversation_from_first_message_to_rating(
    kefu_server, admin_token, visitor, agent_desk, locale
):
    """Open chat with an agent (read receipts), the closed launcher with its badge and the
    preview, pictures both ways and the image viewer, then the rating card."""
    say, words = SAY[locale], WIDGET[locale]
    with agent_desk(locale) as desk:
        shop = visitor(locale).visit().open()
        expect(shop.frame.get_by_text(words["greeting"])).to_be_visible()
        shop.send(say["ask"])
        conversation = shop.conversation_id()
        assigned(kefu_server, admin_token, conversation, desk.agent)
        expect(shop.status).to_have_text(words["assigned"])
        desk.say(conversation, say["answer"])
        expect(shop.theirs(say["answer"])).to_be_visible()
        shop.send(say["address"])
        desk.read(conversation, int(shop.mine(say["address"]).get_attribute("data-seq")))
        desk.say(conversation, say["confirm"])
        expect(shop.theirs(say["confirm"])).to_be_visible()
        expect(shop.mine(say["address"])).to_have_attribute("data-state", "read")
        expect(shop.frame.locator(".kf-seen-label")).to_have_text(words["seen"])
        expect(shop.frame.locator("#title")).to_have_text(say["agent"])
        name = "widget-en-desktop.png" if locale == "en" else "widget-zh-CN-desktop.png"
        shop.shoot("chat", name=name)

        # Closed: replies show on the launcher's badge and in a preview beside it.
        shop.frame.locator("#minimize").click()
        expect(shop.launcher).to_have_attribute("aria-expanded", "false")
        desk.say(conversation, say["later"])
        desk.say(conversation, say["tracking"])
        badge = shop.page.get_by_test_id("kefu-unread")
        expect(badge).to_have_text("2")
        expect(shop.launcher).to_have_attribute("aria-label", words["unread"])
        preview = shop.page.get_by_test_id("kefu-preview")
        expect(preview).to_contain_text(say["agent"])
        expect(preview).to_contain_text(say["tracking"])
        shop.shoot("preview", clip=CORNER)
        preview.locator(".x").click()
        expect(preview).to_be_hidden()
        expect(badge).to_be_visible()
        shop.shoot("launcher", clip=CORNER)

        # Pictures both ways, and the viewer.
        shop.open()
        expect(badge).to_be_hidden()
        shop.send(say["tin"])
        shop.attach("dented-tin.png", "image/png", tin_photo())
        mine = shop.frame.locator(
            '[data-sender="visitor"][data-conversation] img[alt="dented-tin.png"]'
        )
        expect(mine).to_be_visible()
        desk.send_image(conversation, "return-label.png", return_label())
        opener = shop.frame.get_by_role("button", name=words["open_image"])
        expect(opener).to_be_visible()
        for image in (mine, opener.locator("img")):
            image.evaluate("img => img.decode()")
        shop.shoot_panel("attachment")

        opener.click()
        viewer = shop.frame.get_by_role("dialog", name=words["image"])
        expect(viewer).to_be_visible()
        viewer.locator("img").evaluate("img => img.decode()")
        shop.shoot_panel("lightbox")
        shop.page.keyboard.press("Escape")
        expect(viewer).to_be_hidden()
        desk.say(conversation, say["sorry"])
        expect(shop.theirs(say["sorry"])).to_be_visible()

        # Closed by the agent: the rating card, filled in.
        desk.close(conversation)
        expect(shop.frame.get_by_text(words["closed"])).to_be_visible()
        rating = shop.frame.get_by_test_id("kefu-rating")
        expect(rating).to_be_visible()
        expect(shop.frame.locator("#rating-title")).to_have_text(words["rating"])
        rating.locator('[data-score="5"]').click()
        expect(rating.locator('[data-score="5"]')).to_have_attribute("aria-checked", "true")
        rating.locator("textarea").fill(say["comment"])
        rating.scroll_into_view_if_needed()
        shop.shoot_panel("rating")


@pytest.mark.parametrize("locale", LOCALES)
def test_files_and_the_composer(kefu_server, admin_token, visitor, agent_desk, locale):
    """A file going up, a refused file, the counter near the limit, the emoji picker."""
    say, words = SAY[locale], WIDGET[locale]
    with agent_desk(locale):
        shop = visitor(locale).visit().open()
        page = shop.page
        held = []
        page.route("**/api/attachments", lambda route: held.append(route))
        shop.attach("dented-tin.png", "image/png", tin_photo())
        going = shop.frame.locator('[data-testid="kefu-message"][data-state="sending"]')
        expect(going.get_by_role("progressbar")).to_be_visible()
        expect(going).to_contain_text(words["uploading"])
        going.locator("img").evaluate("img => img.decode()")
        shop.shoot_panel("uploading")
        wait_in_page(page, lambda: held)
        held.pop().continue_()
        page.unroute("**/api/attachments")
        expect(going).to_have_count(0)

        shop.attach("setup.exe", "application/x-msdownload", b"MZ" + b"\0" * 1000)
        notice = shop.frame.locator("#notice-text")
        expect(notice).to_have_text(words["refused"])
        shop.shoot_panel("file-refused")
        shop.frame.locator("#notice-close").click()
        expect(notice).to_be_hidden()

        near_limit = (say["counter"] * 200)[:4880]
        shop.input.fill(near_limit)
        expect(shop.frame.locator("#counter")).to_have_text(words["chars_left"])
        shop.shoot_panel("counter")

        shop.input.fill(say["emoji"])
        shop.frame.locator("#emoji-toggle").click()
        picker = shop.frame.get_by_role("dialog", name=words["emoji"])
        expect(picker).to_be_visible()
        shop.shoot_panel("emoji")
        page.keyboard.press("Escape")
        expect(picker).to_be_hidden()
        close_conversations(kefu_server, admin_token, shop.conversation_id())


@pytest.mark.parametrize("locale", LOCALES)
def test_phone_with_and_without_a_viewport_tag(
    kefu_server, admin_token, visitor, agent_desk, foreign_site, locale
):
    """On a 390×844 phone the chat fills the screen, also on a page made for desktops."""
    say = SAY[locale]
    fills_screen = """() => {
        const frame = document.querySelector("#kefu-widget").shadowRoot.querySelector("iframe");
        const box = frame.getBoundingClientRect();
        return innerWidth === 390 && box.left === 0 && box.top === 0 &&
            box.width === innerWidth && box.height === innerHeight;
    }"""
    old_shop = foreign_site(
        b"<!doctype html><html><head><meta charset='utf-8'><title>Old shop</title></head>"
        b"<body style='font:16px Georgia,serif;margin:40px'><h1>Lantern &amp; Leaf</h1>"
        b"<p>A page made for desktops, with no viewport tag.</p>"
        + f'<script src="{kefu_server.url}/widget.js" async></script>'.encode()
        + b"</body></html>"
    )
    with agent_desk(locale) as desk:
        for url, name in (
            ("/", f"widget-{locale}-phone.png"),
            (old_shop, f"widget-phone-noviewport-{locale}.png"),
        ):
            phone = visitor(locale, phone=True).visit(url)
            if url == old_shop:
                assert phone.page.evaluate("innerWidth") == 980  # zoomed out, until opened
            phone.open()
            phone.page.wait_for_function(fills_screen)
            phone.send(say["phone_ask"])
            conversation = phone.conversation_id()
            assigned(kefu_server, admin_token, conversation, desk.agent)
            desk.say(conversation, say["phone_answer"])
            expect(phone.theirs(say["phone_answer"])).to_be_visible()
            phone.shoot("phone", name=name)
            close_conversations(kefu_server, admin_token, conversation)


@pytest.mark.parametrize("phone", (False, True), ids=("desktop", "phone"))
@pytest.mark.parametrize("locale", LOCALES)
def test_a_message_the_database_could_not_take_waits_as_sending(
    kefu_server, admin_token, visitor, agent_desk, locale, phone
):
    """Another process holds SQLite's write lock: the send is answered `unavailable`, the
    message waits as Sending… (never Not sent), and goes once the lock is let go."""
    say, words = SAY[locale], WIDGET[locale]
    with agent_desk(locale) as desk:
        shop = visitor(locale, phone=phone).visit().open()
        shop.send(say["ask"])
        conversation = shop.conversation_id()
        assigned(kefu_server, admin_token, conversation, desk.agent)
        desk.say(conversation, say["answer"])
        expect(shop.theirs(say["answer"])).to_be_visible()
        with kefu_server.database_locked() as send_refused:
            shop.input.fill(say["busy"])
            shop.input.press("Enter")
            send_refused()
            waiting = shop.frame.locator(".kf-msg--pending", has_text=say["busy"])
            expect(waiting).to_contain_text(words["sending"])
            expect(shop.frame.locator(".kf-msg--failed")).to_have_count(0)
            if phone:
                shop.shoot("db-busy", name=f"widget-db-busy-phone-{locale}.png")
            else:
                shop.shoot_panel("db-busy")
        expect(shop.mine(say["busy"])).to_have_count(1, timeout=30_000)
    close_conversations(kefu_server, admin_token, conversation)


# Last: it stops and restarts this module's server.
@pytest.mark.parametrize("locale", LOCALES)
def test_connection_lost_and_reconnecting(kefu_server, admin_token, visitor, agent_desk, locale):
    """The server goes away: the banner says so, a message waits as Sending…; once the
    server is back the message goes and the banner leaves."""
    say, words = SAY[locale], WIDGET[locale]
    with agent_desk(locale) as desk:
        shop = visitor(locale).visit().open()
        shop.send(say["ask"])
        conversation = shop.conversation_id()
        assigned(kefu_server, admin_token, conversation, desk.agent)
        desk.say(conversation, say["answer"])
        expect(shop.theirs(say["answer"])).to_be_visible()

        desk.leave()  # before the server goes: its socket is closed cleanly
        kefu_server.stop()
        try:
            banner = shop.frame.get_by_test_id("kefu-connection")
            expect(banner).to_have_text(words["reconnecting"])
            shop.input.fill(say["still_there"])
            shop.input.press("Enter")
            waiting = shop.frame.locator(".kf-msg--pending", has_text=say["still_there"])
            expect(waiting).to_contain_text(words["sending"])
            shop.shoot_panel("reconnecting")
        finally:
            kefu_server.restart()
        expect(shop.mine(say["still_there"])).to_have_count(1, timeout=30_000)
        expect(banner).to_be_hidden()
    close_conversations(kefu_server, admin_token, conversation)
