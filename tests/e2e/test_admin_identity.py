"""The console's Identity verification section: an admin generates the identity secret, sees
it once with a copy button, and identified users are then checked against it, the server's
KEFU_IDENTITY_SECRET still accepted during the overlap; afterwards only its last four
characters are ever shown.

On a server of the module's own: a rotation here must not change the secret the rest of
the suite signs with."""

import hashlib
import hmac
import json

import pytest
from conftest import KefuServer
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

ADMIN = {"email": "admin@example.com", "password": "admin"}


@pytest.fixture(scope="module")
def kefu_server(tmp_path_factory):
    server = KefuServer(tmp_path_factory.mktemp("kefu-identity"))
    server.prepare()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def admin_login(kefu_server):
    return kefu_server.api("POST", "/api/agent/login", ADMIN)


def user_hash(secret, user_id):
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def signs_in(kefu_server, secret, user_id="customer-42"):
    body = {"user_id": user_id, "user_hash": user_hash(secret, user_id)}
    return kefu_server.api("POST", "/api/visitor/auth", body, expected=(200, 401))


def open_identity(page, login):
    session = json.dumps({k: login[k] for k in ("access_token", "refresh_token", "agent")})
    page.add_init_script(
        "if (!sessionStorage.getItem('kefu.agent.session'))"
        f" sessionStorage.setItem('kefu.agent.session', {json.dumps(session)});"
    )
    page.goto("/admin#identity")
    section = page.get_by_test_id("admin-section-identity")
    expect(section).to_be_visible()
    return section


def test_the_secret_is_generated_shown_once_and_rotated(kefu_server, admin_login, new_page):
    token = admin_login["access_token"]
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    section = open_identity(page, admin_login)
    status = section.get_by_test_id("admin-identity-status")
    expect(status).to_have_attribute("data-source", "environment")
    expect(section.get_by_test_id("admin-identity-last4")).to_have_text(
        "…" + kefu_server.identity_secret[-4:]
    )

    # The environment's secret is in use: replacing it asks first.
    section.get_by_test_id("admin-identity-generate").click()
    expect(page.get_by_test_id("admin-confirm")).to_be_visible()
    page.get_by_test_id("admin-confirm-ok").click()
    reveal = section.get_by_test_id("admin-identity-reveal")
    expect(reveal).to_contain_text("shown only this once")
    secret = section.get_by_test_id("admin-identity-secret").inner_text()
    assert secret.startswith("kefu_id_")
    expect(section.get_by_test_id("admin-identity-secret-overlap")).to_be_visible()
    section.get_by_test_id("admin-identity-copy").click()
    expect(section.get_by_test_id("admin-identity-copy")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == secret

    # Both secrets verify now: the new one, and the environment's during the overlap.
    assert "token" in signs_in(kefu_server, secret)
    assert "token" in signs_in(kefu_server, kefu_server.identity_secret)
    assert signs_in(kefu_server, "not the secret")["error"]["code"] == "invalid_user_hash"

    section.get_by_test_id("admin-identity-done").click()
    expect(reveal).to_have_count(0)
    expect(status).to_have_attribute("data-source", "console")
    expect(section.get_by_test_id("admin-identity-last4")).to_have_text("…" + secret[-4:])
    expect(section.get_by_test_id("admin-identity-overlap")).to_be_visible()

    # Never again: not in the section after a reload, nor in any admin answer.
    page.reload()
    expect(section.get_by_test_id("admin-identity-status")).to_be_visible()
    assert secret not in page.content()
    for path in ("/api/settings", "/api/settings/identity-secret", "/api/audit-log"):
        assert secret not in json.dumps(kefu_server.api("GET", path, token=token)), path

    # Rotating again drops the environment's secret: only the last two are accepted.
    described = kefu_server.api("POST", "/api/settings/identity-secret", token=token)
    assert "token" in signs_in(kefu_server, described["secret"])
    assert "token" in signs_in(kefu_server, secret)
    assert "error" in signs_in(kefu_server, kefu_server.identity_secret)
