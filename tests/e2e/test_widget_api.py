"""The widget's JavaScript API (window.Kefu, PROTOCOL.md section 6) on another website:
calls made before the tag ran, identify, setLocale, setAttributes, setSkillGroup, reset,
and the events a page listens to."""

import hashlib
import hmac
import re
import time
import uuid
from urllib.parse import quote

import pytest
from conftest import KefuServer, wait_until
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# How long a send may take before the test calls it lost: a send usually takes under 0.3 s
# even on a busy box, but the widget's own recovery takes longer. A lost ack is sent again
# after the outbox's 15 s ack timeout and a 3 s pause (core/outbox.js), and an `unavailable`
# answer after 3 s (on SQLite, one that waited out another writer's lock for 5 s first).
STORED_WITHIN_MS = 25_000

# The pre-load stub of docs/widget.md, word for word, and a recorder of every event.
STUB = """
window.Kefu = window.Kefu || {q: []};
["open", "close", "toggle", "identify", "setAttributes", "setLocale", "setSkillGroup",
 "reset", "on", "off"].forEach(function (m) {
  Kefu[m] = Kefu[m] || function () { Kefu.q.push([m, [].slice.call(arguments)]); };
});
window.stubObject = window.Kefu;
window.events = [];
["ready", "open", "close", "message", "unread", "error"].forEach(function (name) {
  Kefu.on(name, function (data) { events.push([name, data === undefined ? null : data]); });
});
"""


def _page(kefu_url, before="", tags=1):
    tag = f'<script src="{kefu_url}/widget.js" async></script>'
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>'
        f"<body><h1>A customer's site</h1><script>{STUB}{before}</script>{tag * tags}"
        "</body></html>"
    ).encode()


@pytest.fixture
def host_site(foreign_site):
    """The host page's URL (conftest.foreign_site, another origin), with its path."""
    return lambda html: foreign_site(html) + "/"


class Host:
    """The host page and the widget inside it, through the API and the test hooks."""

    def __init__(self, page, url):
        self.page = page
        if url:
            page.goto(url)
        self.launcher = page.get_by_test_id("kefu-launcher")
        self.frame = page.frame_locator('[data-testid="kefu-frame"]')
        self.composer = self.frame.get_by_test_id("kefu-composer")
        self.wait_for("ready")

    def events(self, name):
        return [data for event, data in self.page.evaluate("window.events") if event == name]

    def wait_for(self, name, where="() => true"):
        self.page.wait_for_function(
            f"() => window.events.some(e => e[0] === {name!r} && ({where})(e[1]))"
        )

    def call(self, script):
        self.page.evaluate(f"() => {{ {script}; }}")

    def send(self, text):
        self.composer.fill(text)
        self.frame.get_by_test_id("kefu-send").click()
        try:
            expect(self.mine(text)).to_have_count(1, timeout=STORED_WITHIN_MS)
        except AssertionError as failure:
            raise AssertionError(f"{failure}\nthe widget then: {self.widget_state()}") from None

    def widget_frame(self):
        """The chat frame itself (a Frame: scripts run in it)."""
        return next(f for f in self.page.frames if "/widget?" in f.url)

    def widget_state(self):
        """What the frame shows and keeps, for a failure's message."""
        return self.widget_frame().evaluate(
            """() => ({
              messages: [...document.querySelectorAll('[data-testid="kefu-message"]')]
                .map(m => [m.dataset.sender, m.dataset.state, m.textContent.trim().slice(0, 60)]),
              connection: (document.querySelector('[data-testid="kefu-connection"]') || {}).textContent,
            })"""
        ) | {"events": self.page.evaluate("window.events")}

    def mine(self, text):
        """The visitor's own messages holding `text` that the server stored."""
        return self.frame.locator(
            '[data-testid="kefu-message"][data-sender="visitor"]'
            ':is([data-state="sent"], [data-state="read"])',
            has_text=text,
        )

    def stored_visitor_id(self):
        """The anonymous visitor id the frame keeps (None when it keeps none)."""
        return self.widget_frame().evaluate(
            "() => (JSON.parse(localStorage.getItem('kefu.visitor') || 'null') || {}).visitor_id || null"
        )


def _conversation(kefu_server, admin_token, text):
    """The conversation (admin's view) holding `text`."""
    found = []

    def has_it():
        found[:] = kefu_server.api("GET", f"/api/conversations?q={quote(text)}", token=admin_token)[
            "data"
        ]
        return len(found) == 1

    wait_until(has_it, message=f"the conversation with {text!r}")
    return found[0]


def _trusted_visitor(kefu_server, admin_token, visitor_id):
    """What an admin knows of a visitor, user_id included (an empty PATCH changes nothing)."""
    return kefu_server.api("PATCH", f"/api/visitors/{visitor_id}", {}, token=admin_token)


def _hash(kefu_server, user_id):
    return hmac.new(
        kefu_server.identity_secret.encode(), user_id.encode(), hashlib.sha256
    ).hexdigest()


def test_calls_made_before_the_tag_ran_are_replayed_in_order(kefu_server, host_site, new_page):
    """The stub queues on() and open() before the async tag ran; the tag replays them (the
    chat opens, ready and open fire), keeps the page's object, and a second tag loads nothing."""
    url = host_site(_page(kefu_server.url, before="Kefu.open();", tags=2))
    host = Host(new_page(), url)
    expect(host.launcher).to_have_attribute("aria-expanded", "true")
    expect(host.composer).to_be_visible()
    expect(host.page.locator("#kefu-widget")).to_have_count(1)
    names = [name for name, _ in host.page.evaluate("window.events")]
    assert names[:2] == ["open", "ready"]
    assert host.page.evaluate(
        "() => window.Kefu === window.stubObject && Kefu.loaded === true && Kefu.q.length === 0"
    )
    # Late to "ready": called at once.
    assert host.page.evaluate("() => new Promise(done => Kefu.on('ready', () => done(true)))")

    # A handler that throws does not break the widget; off() removes one.
    host.call("Kefu.on('close', () => { throw new Error('page bug'); })")
    host.call(
        "window.offed = 0; window.count = () => offed++; Kefu.on('open', count); Kefu.off('open', count)"
    )
    host.call("Kefu.close()")
    expect(host.launcher).to_have_attribute("aria-expanded", "false")
    host.wait_for("close")
    host.call("Kefu.toggle()")
    expect(host.launcher).to_have_attribute("aria-expanded", "true")
    assert host.page.evaluate("window.offed") == 0


def test_identify_with_a_good_hash_then_a_bad_one(
    kefu_server, host_site, new_page, dashboard, make_agent, nobody_else_online, admin_token
):
    """identify() with the server's HMAC makes the visitor that user (the agent sees the
    name, the admin the user_id); a wrong hash falls back to anonymous, says so in an error
    event, and the chat still works."""
    agent = make_agent()
    nobody_else_online()
    desk = dashboard(agent)
    user_id = f"user-{uuid.uuid4().hex[:8]}"
    tag = uuid.uuid4().hex[:10]
    url = host_site(_page(kefu_server.url))
    host = Host(new_page(), url)
    host.call(
        f"Kefu.identify({{user_id: {user_id!r}, user_hash: {_hash(kefu_server, user_id)!r},"
        f" name: 'Jane Doe {tag}', email: 'jane@shop.example'}}); Kefu.open()"
    )
    host.send(f"Signed in {tag}")
    expect(desk.conversation(f"Signed in {tag}")).to_contain_text(f"Jane Doe {tag}")
    conv = _conversation(kefu_server, admin_token, f"Signed in {tag}")
    assert conv["visitor"]["name"] == f"Jane Doe {tag}"
    assert _trusted_visitor(kefu_server, admin_token, conv["visitor"]["id"])["user_id"] == user_id
    assert host.events("error") == []

    other = f"user-{uuid.uuid4().hex[:8]}"
    host.call(f"Kefu.identify({{user_id: {other!r}, user_hash: {'0' * 64!r}}})")
    host.wait_for("error", "e => e.code === 'invalid_user_hash'")
    assert host.events("error")[0]["method"] == "identify"
    expect(host.mine(f"Signed in {tag}")).to_have_count(0)  # that user's chat is gone
    host.send(f"Anonymous now {tag}")
    anonymous = _conversation(kefu_server, admin_token, f"Anonymous now {tag}")
    assert anonymous["visitor"]["id"] != conv["visitor"]["id"]
    assert _trusted_visitor(kefu_server, admin_token, anonymous["visitor"]["id"])["user_id"] is None


def test_set_locale_switches_every_string_at_once(kefu_server, host_site, new_page):
    """setLocale('zh-CN'): the frame's strings, its lang, the launcher's label and the frame
    title turn Chinese at once, and back."""
    host = Host(new_page(), host_site(_page(kefu_server.url)))
    host.call("Kefu.open()")
    expect(host.composer).to_have_attribute("placeholder", "Type your message…")
    host.call("Kefu.setLocale('zh-CN')")
    expect(host.launcher).to_have_attribute("aria-label", "关闭在线客服")
    expect(host.composer).to_have_attribute("placeholder", "输入消息…")
    expect(host.frame.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(host.frame.get_by_test_id("kefu-send")).to_have_attribute(
        "aria-label", re.compile(r"[^\x00-\x7f]")
    )
    expect(host.page.get_by_test_id("kefu-frame")).to_have_attribute("title", "在线客服")
    host.call("Kefu.close()")
    expect(host.launcher).to_have_attribute("aria-label", "打开在线客服")
    host.call("Kefu.setLocale('en')")
    expect(host.launcher).to_have_attribute("aria-label", "Open chat")
    expect(host.composer).to_have_attribute("placeholder", "Type your message…")
    host.call("Kefu.setLocale(42)")
    host.wait_for("error", "e => e.method === 'setLocale'")


def test_message_and_unread_events_while_the_chat_is_closed(
    kefu_server, host_site, new_page, dashboard, make_agent, nobody_else_online, admin_token
):
    """An agent's reply while the chat is closed fires message (content, sender name) and
    unread (the count); a private note fires nothing."""
    agent = make_agent(name=f"Mei {uuid.uuid4().hex[:4]}")
    nobody_else_online()
    desk = dashboard(agent)
    tag = uuid.uuid4().hex[:10]
    host = Host(new_page(), host_site(_page(kefu_server.url)))
    host.call("Kefu.open()")
    host.send(f"Question {tag}")
    desk.open_conversation(f"Question {tag}")
    conv = _conversation(kefu_server, admin_token, f"Question {tag}")
    host.call("Kefu.close()")
    expect(host.launcher).to_have_attribute("aria-expanded", "false")

    token = kefu_server.api(
        "POST", "/api/agent/login", {"email": agent["email"], "password": agent["password"]}
    )["access_token"]
    for private, text in ((True, f"note {tag}"), (False, f"Answer {tag}")):
        kefu_server.api(
            "POST",
            f"/api/conversations/{conv['id']}/messages",
            {"client_id": uuid.uuid4().hex, "content": text, "private": private},
            token=token,
        )
    host.wait_for("message")
    host.wait_for("unread", "n => n === 1")
    messages = host.events("message")
    assert len(messages) == 1
    assert messages[0]["content"] == f"Answer {tag}"
    assert messages[0]["sender"] == {"name": agent["name"]}
    assert messages[0]["conversation_id"] == conv["id"]
    assert messages[0]["type"] == "text" and isinstance(messages[0]["seq"], int)
    expect(host.launcher).to_have_attribute("aria-label", "Open chat (1 unread)")
    host.call("Kefu.open()")
    host.wait_for("unread", "n => n === 0")


def test_set_attributes_and_skill_group_reach_the_server(
    kefu_server, host_site, new_page, admin_token
):
    """setAttributes (before and after the frame is ready) and setSkillGroup reach the
    visitor's record once it has a token; bad values are refused in the page, with an error
    event, and the good ones still go."""
    tag = uuid.uuid4().hex[:10]
    before = "Kefu.setAttributes({plan: 'pro', seats: 3}); Kefu.setSkillGroup('billing');"
    host = Host(new_page(), host_site(_page(kefu_server.url, before=before)))
    host.call(
        "Kefu.setAttributes({trial: false, price: 9.5, '': 1, note: 'x'.repeat(256), team: 'tea'})"
    )
    host.wait_for("error", "e => e.code === 'invalid_attributes'")
    error = host.events("error")[0]
    assert "price" in error["message"] and "note" in error["message"]
    host.call("Kefu.open()")
    host.send(f"Attributes {tag}")
    conv = _conversation(kefu_server, admin_token, f"Attributes {tag}")
    assert conv["skill_group"] == "billing"

    def attributes():
        found = _conversation(kefu_server, admin_token, f"Attributes {tag}")["visitor"]
        return found["attributes"]

    wait_until(
        lambda: attributes() == {"plan": "pro", "seats": 3, "trial": False, "team": "tea"},
        message="the attributes on the server",
    )
    host.call("Kefu.setAttributes({team: null})")  # null removes one
    wait_until(lambda: "team" not in attributes(), message="the attribute to go")
    host.call("Kefu.setSkillGroup('no-such-group')")
    host.wait_for("error", "e => e.method === 'setSkillGroup'")


def test_reset_forgets_the_visitor(kefu_server, host_site, new_page, admin_token):
    """reset() (a logout): the thread empties, and the next message comes
    from a new anonymous visitor without the old one's attributes."""
    tag = uuid.uuid4().hex[:10]
    host = Host(new_page(), host_site(_page(kefu_server.url)))
    host.call("Kefu.setAttributes({plan: 'pro'}); Kefu.open()")
    host.send(f"Before logout {tag}")
    wait_until(
        lambda: (
            _conversation(kefu_server, admin_token, f"Before logout {tag}")["visitor"]["attributes"]
            == {"plan": "pro"}
        ),
        message="the first visitor's attributes",
    )
    first = _conversation(kefu_server, admin_token, f"Before logout {tag}")["visitor"]
    host.call("Kefu.reset()")
    expect(host.mine(f"Before logout {tag}")).to_have_count(0)
    host.send(f"After logout {tag}")
    second = _conversation(kefu_server, admin_token, f"After logout {tag}")["visitor"]
    assert second["id"] != first["id"]
    assert second["attributes"] == {}  # the old visitor's stayed with them


def test_reset_forgets_the_stored_visitor(kefu_server, new_page):
    """Where the frame may keep a visitor (first-party storage: Kefu's own demo page), reset()
    removes it, a reload does not bring the old chat back, and the next use stores a new one."""
    tag = uuid.uuid4().hex[:10]
    page = new_page()
    page.add_init_script(f"if (window === window.top) {{ {STUB} }}")
    host = Host(page, "/")
    host.call("Kefu.open()")
    host.send(f"Stored {tag}")
    first = host.stored_visitor_id()
    assert first
    host.call("Kefu.close(); Kefu.reset()")
    wait_until(lambda: host.stored_visitor_id() is None, message="the stored visitor to go")
    page.reload()
    host = Host(page, None)
    host.call("Kefu.open()")
    expect(host.composer).to_be_visible()
    expect(host.mine(f"Stored {tag}")).to_have_count(0)
    wait_until(lambda: host.stored_visitor_id() not in (None, first), message="a new visitor")


@pytest.fixture(scope="module")
def short_token_server(tmp_path_factory):
    """A server whose visitor tokens last 62 s: the widget asks for a new one a minute
    before expiry, so from 2 s on every (re)connect authenticates again."""
    server = KefuServer(
        tmp_path_factory.mktemp("kefu-short-token"), KEFU_VISITOR_TOKEN_SECONDS="62"
    )
    server.prepare()
    server.start()
    yield server
    server.stop()


def test_a_new_token_resumes_the_visitor_where_the_frame_may_not_store_them(
    short_token_server, host_site, new_page
):
    """On another site the browser refuses the frame its storage: the visitor's credentials
    live in the page, so a new token after a reconnect resumes the same visitor and chat
    rather than starting a stranger's."""
    server = short_token_server
    tag = uuid.uuid4().hex[:10]
    host = Host(new_page(), host_site(_page(server.url)))
    host.call("Kefu.open()")
    host.send(f"Before the new token {tag}")
    refused = "() => { try { return !localStorage; } catch (err) { return true; } }"
    assert host.widget_frame().evaluate(refused)  # the case under test
    time.sleep(2.5)  # the token is now due for renewal
    server.restart()  # the socket reconnects, and authenticates again on the way
    expect(host.frame.get_by_test_id("kefu-connection")).to_be_hidden(timeout=20_000)
    host.send(f"After the new token {tag}")
    expect(host.mine(f"Before the new token {tag}")).to_have_count(1)
    found = server.api("GET", f"/api/conversations?q={tag}", token=server.admin_token())["data"]
    assert len(found) == 1  # both messages in one conversation, of one visitor
