"""End-to-end fixtures: a real `kefu serve` process and Debian's headless Chromium.

The server runs on a free loopback port with its own SQLite database; the demo
data (admin@example.com / admin, …) is created with `kefu demo` first. Tests
talk to it only through the browser and the public REST API.
"""

import http.server
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench import harness

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError as exc:
    if os.environ.get("CI") == "true":
        raise  # CI never silently skips: a missing Playwright is an error there
    pytest.skip(f"Playwright is not installed ({exc})", allow_module_level=True)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXPECT_TIMEOUT_MS = 10_000
# The screenshot generators write docs/images/ only when asked (KEFU_SCREENSHOTS=1), into
# KEFU_SCREENSHOTS_DIR when set; the normal suite skips them and never rewrites a picture.
screenshots_only = pytest.mark.skipif(
    os.environ.get("KEFU_SCREENSHOTS") != "1", reason="KEFU_SCREENSHOTS=1 not set"
)
SCREENSHOT_DIR = Path(
    os.environ.get("KEFU_SCREENSHOTS_DIR")
    or Path(__file__).resolve().parents[2] / "docs" / "images"
)

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def _need(reason):
    """Skip outside CI, fail in CI: CI never silently skips."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


class KefuServer:
    """One `kefu serve` (bench/harness.py) on a fresh SQLite database with the demo data;
    restartable on the same port, with `settings` (KEFU_* names) beside the suite's."""

    def __init__(self, workdir, **settings):
        self.workdir = workdir
        self.log_path = workdir / "kefu.log"
        self.identity_secret = secrets.token_urlsafe(32)
        self.env = harness.kefu_env(
            f"sqlite:///{workdir / 'kefu.db'}",
            KEFU_ENV="development",
            # Fixed for the session, so tokens stay valid across a restart.
            KEFU_SECRET_KEY=secrets.token_urlsafe(48),
            KEFU_IDENTITY_SECRET=self.identity_secret,
            # Agents of finished tests go offline; their chats must not be redispatched
            # into later tests (no test here waits out a grace period).
            KEFU_AGENT_GRACE_SECONDS="3600",
            # Every agent of the suite logs in from 127.0.0.1.
            KEFU_RATE_LIMIT_LOGIN_IP="10000 per minute",
            # The webhook tests' receiver listens on loopback, which is refused otherwise.
            KEFU_WEBHOOK_ALLOW_PRIVATE="1",
            **settings,
        )
        self.serving = harness.ServeProcess(self.env, workdir, self.log_path)

    @property
    def url(self):
        return self.serving.url

    def prepare(self):
        """Create the schema and the demo agents."""
        with open(self.log_path, "ab") as log:
            subprocess.run(
                [harness.KEFU, "demo"],
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
                timeout=60,
            )

    def start(self, port=None):
        self.serving.start(port)

    def stop(self):
        self.serving.stop()

    def restart(self):
        """Stop and start again on the same port (clients must reconnect by themselves)."""
        port = self.serving.port
        self.stop()
        self.start(port)

    def log(self):
        return self.serving.log_text()[-20000:]

    def admin_token(self):
        """An access token of the demo data's admin."""
        body = self.api(
            "POST", "/api/agent/login", {"email": "admin@example.com", "password": "admin"}
        )
        return body["access_token"]

    @contextmanager
    def database_locked(self):
        """Another process holds the SQLite write lock (a backup, a CLI command) for the
        block; yields a wait for the server to answer a send `unavailable` (past its 5 s
        busy timeout)."""
        mark = self.serving.log_size()
        writer = sqlite3.connect(self.workdir / "kefu.db", timeout=30, isolation_level=None)

        def send_refused():
            wait_until(
                lambda: "socket event 'message': The database" in self.serving.log_text(mark),
                timeout=20,
                message="the server to answer the send unavailable",
            )

        try:
            writer.execute("BEGIN IMMEDIATE")
            yield send_refused
        finally:
            if writer.in_transaction:
                writer.execute("ROLLBACK")
            writer.close()

    def api(self, method, path, body=None, token=None, expected=(200, 201)):
        """Call the REST API; return the decoded JSON body."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        payload = json.loads(raw) if raw else None
        assert status in expected, f"{method} {path} -> {status}: {payload}"
        return payload


def wait_until(predicate, timeout=10.0, interval=0.1, message="condition"):
    """Poll `predicate` until it is true (a condition wait, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(interval)


_FAILED = pytest.StashKey[list]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome so the server fixture can dump its log on failure."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        item.session.stash.setdefault(_FAILED, []).append(report.nodeid)


@pytest.fixture
def foreign_site():
    """Another website (another origin) that embeds the widget: serve(html) sets its one page
    and answers its URL (no trailing slash)."""
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            body = pages.get("html", b"")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(html):
        pages["html"] = html
        # "localhost", not 127.0.0.1: a different origin from the Kefu server's.
        return f"http://localhost:{server.server_address[1]}"

    yield serve
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def kefu_server(tmp_path_factory, request):
    """A real `kefu serve` on a free loopback port with a fresh SQLite database."""
    server = KefuServer(tmp_path_factory.mktemp("kefu-e2e"))
    server.prepare()
    server.start()
    yield server
    server.stop()
    if request.session.stash.get(_FAILED, []):
        sys.stderr.write(f"\n----- kefu serve log ({server.log_path}) -----\n{server.log()}\n")


@pytest.fixture(scope="session")
def chromium_path():
    for candidate in (
        os.environ.get("KEFU_E2E_CHROMIUM"),
        *CHROMIUM_CANDIDATES,
        shutil.which("chromium"),
    ):
        if candidate and os.path.exists(candidate) and os.access(candidate, os.X_OK):
            return candidate
    _need("Chromium not found (apt-get install chromium); the e2e suite needs /usr/bin/chromium")


@pytest.fixture(scope="session")
def browser(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, kefu_server):
    """Open pages in separate browser contexts (separate people); all closed afterwards."""
    contexts = []

    def open_page(mobile=False):
        options = {"base_url": kefu_server.url}
        if mobile:
            options.update(viewport={"width": 390, "height": 780}, is_mobile=True, has_touch=True)
        else:
            options.update(viewport={"width": 1280, "height": 800})
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []

        def on_dialog(dialog):
            page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def admin_token(kefu_server):
    return kefu_server.admin_token()


@pytest.fixture
def make_agent(kefu_server, admin_token):
    """Create a fresh agent for this test only, so no other test's chats reach it."""

    def make(role="agent", skills=(), name=None):
        tag = uuid.uuid4().hex[:8]
        password = f"pw-{tag}"
        agent = kefu_server.api(
            "POST",
            "/api/agents",
            {
                "email": f"agent-{tag}@example.com",
                "password": password,
                "name": name or f"Agent {tag[:4].upper()}",
                "skills": list(skills),
                "role": role,
            },
            token=admin_token,
        )
        agent["password"] = password
        return agent

    return make


@pytest.fixture
def nobody_else_online(kefu_server, admin_token):
    """Wait until agents of earlier tests are gone, so routing only sees this test's agents."""

    def wait(keep=()):
        def others_gone():
            agents = kefu_server.api("GET", "/api/agents", token=admin_token)["data"]
            return all(a["status"] != "online" or a["id"] in keep for a in agents)

        wait_until(others_gone, timeout=10, message="other agents to go offline")

    return wait


class Widget:
    """The visitor's side: the demo shop with the embedded widget."""

    def __init__(self, page):
        self.page = page
        # include_hidden: on a phone the open chat covers (and hides) the launcher.
        self.launcher = page.get_by_role(
            "button", name=re.compile(r"^(Open|Close) chat"), include_hidden=True
        )
        self.frame = page.frame_locator('iframe[title="Chat with us"]')
        self.input = self.frame.get_by_label("Message", exact=True)
        self.log = self.frame.get_by_role("log", name="Messages")

    def visit(self, path="/"):
        self.page.goto(path)
        expect(self.launcher).to_be_visible()
        return self

    def open(self):
        if self.launcher.get_attribute("aria-expanded") != "true":
            self.launcher.click()
        expect(self.launcher).to_have_attribute("aria-expanded", "true")
        expect(self.page.get_by_role("dialog", name="Chat")).to_be_visible()
        expect(self.input).to_be_visible()
        return self

    def send(self, text):
        self.input.fill(text)
        self.frame.get_by_role("button", name="Send message").click()

    def stored(self, text):
        """Confirmed (acknowledged) messages of the visitor that contain `text`."""
        return self.frame.locator(".kf-msg--mine:not(.kf-msg--pending) .kf-bubble", has_text=text)

    def pending(self, text):
        return self.frame.locator(".kf-msg--pending", has_text=text)

    def incoming(self, text):
        return self.frame.locator(".kf-msg--theirs .kf-bubble", has_text=text)


class Dashboard:
    """The agent's side: /dashboard."""

    def __init__(self, page):
        self.page = page
        self.conn = page.locator("#conn")
        self.mine = page.locator("#mine-list")
        self.queue = page.locator("#queue-list")
        self.messages = page.get_by_role("log", name="Messages")
        self.reply_box = page.get_by_label("Reply")

    def login(self, agent):
        self.page.goto("/dashboard")
        self.page.get_by_label("Email").fill(agent["email"])
        self.page.get_by_label("Password").fill(agent["password"])
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.conn).to_have_attribute("data-state", "ok")
        return self

    def set_status(self, status):
        self.page.get_by_role("button", name=status.capitalize(), exact=True).click()
        expect(self.page.locator(f"#status-{status}")).to_have_attribute("aria-pressed", "true")

    def conversation(self, text):
        return self.mine.locator("li", has_text=text)

    def open_conversation(self, text):
        self.conversation(text).locator(".conv-open").click()
        expect(self.messages).to_contain_text(text)

    def reply(self, text):
        self.reply_box.fill(text)
        self.page.get_by_role("button", name="Send", exact=True).click()
        expect(
            self.messages.locator(".kf-msg--mine:not(.kf-msg--pending) .kf-bubble", has_text=text)
        ).to_have_count(1)


@pytest.fixture
def widget(new_page):
    def open_widget(mobile=False, page=None):
        return Widget(page or new_page(mobile=mobile))

    return open_widget


@pytest.fixture
def dashboard(new_page):
    def open_dashboard(agent, page=None):
        return Dashboard(page or new_page()).login(agent)

    return open_dashboard


@pytest.fixture
def unique():
    """A short unique marker, so a test finds its own conversation among others."""
    return uuid.uuid4().hex[:10]
