"""Security headers from the server: no page may be framed by a foreign site, nothing is
sniffed, HSTS over HTTPS; the demo page (with its demo logins) only in development."""

import pytest

from kefu import create_app
from kefu.chat import agents
from kefu.settings.origins import embedding_origins
from kefu.settings.schema import SettingsPatch
from kefu.settings.update import update_settings
from kefu.sockets.origins import socket_origins
from tests import conftest
from tests.factories import as_agent


def admin_of(app):
    return agents.create_agent(f"admin-{id(app)}@example.com", "pw", "Ada", role="admin")


def allow(app, origins):
    update_settings(as_agent(admin_of(app)), SettingsPatch(allowed_origins=origins))


def test_every_response_says_nosniff(client):
    for path in ("/healthz", "/api/openapi.json", "/api/no-such-route", "/dashboard"):
        assert client.get(path).headers["X-Content-Type-Options"] == "nosniff", path


@pytest.mark.parametrize("page", ["/dashboard", "/admin", "/reports"])
def test_staff_pages_may_not_be_framed(client, page):
    response = client.get(page)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-eval" not in policy and "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def _frame_ancestors(client):
    response = client.get("/widget")
    assert "X-Frame-Options" not in response.headers  # it cannot name several sites
    policy = response.headers["Content-Security-Policy"]
    return policy.split("frame-ancestors ", 1)[1].split(";")[0]


def test_the_widget_is_framed_only_by_kefu_and_the_allowed_sites(tmp_path):
    generator = conftest.testing_app(
        f"sqlite:///{tmp_path / 'k.db'}",
        CORS_ORIGINS=["https://shop.example.com", "https://www.example.org"],
    )
    app = next(generator)
    client = app.test_client()
    assert _frame_ancestors(client) == "'self' https://shop.example.com https://www.example.org"
    # The admin's list adds to the configured one, in effect at once on this worker.
    allow(app, ["https://partner.example"])
    assert _frame_ancestors(client) == (
        "'self' https://shop.example.com https://www.example.org https://partner.example"
    )
    generator.close()


def test_a_stored_list_narrows_any_site_to_itself(app, client):
    assert _frame_ancestors(client) == "*"
    allow(app, ["https://shop.example.com"])
    assert _frame_ancestors(client) == "'self' https://shop.example.com"


def test_an_unreadable_settings_table_leaves_the_configured_list(tmp_path):
    app = create_app(  # no schema: the settings table does not exist
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.db'}",
            "CORS_ORIGINS": ["https://shop.example.com"],
        },
    )
    assert _frame_ancestors(app.test_client()) == "'self' https://shop.example.com"


@pytest.mark.parametrize(
    "configured, stored, expected",
    [
        ("*", [], "*"),
        (["*"], ["https://a.example"], ["https://a.example"]),
        (["https://a.example/"], [], ["https://a.example"]),
        (
            ["https://a.example"],
            ["https://b.example", "https://a.example"],
            ["https://a.example", "https://b.example"],
        ),
    ],
)
def test_embedding_origins(configured, stored, expected):
    assert embedding_origins(configured, stored) == expected


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    secure = client.get("/healthz", environ_overrides={"wsgi.url_scheme": "https"})
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize("env, status", [("testing", 302), ("development", 200)])
def test_demo_page_only_in_development(tmp_path, env, status):
    overrides = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.db'}"}
    if env == "development":
        overrides["DEMO_DATA"] = False
    response = create_app(env, overrides).test_client().get("/")
    assert response.status_code == status
    if status == 302:
        assert response.headers["Location"] == "/dashboard"
    else:
        assert b"admin@example.com" in response.data


ENVIRON = {"wsgi.url_scheme": "https", "HTTP_HOST": "chat.example.com"}


@pytest.mark.parametrize(
    "origin, allowed",
    [
        ("https://shop.example.com", True),  # configured
        ("https://chat.example.com", True),  # Kefu's own pages (widget frame, dashboard)
        (None, True),  # no Origin header: the token decides
        ("https://evil.example.net", False),
        ("http://chat.example.com", False),  # another scheme is another origin
    ],
)
def test_socket_origins_always_include_kefus_own(app, origin, allowed):
    check = socket_origins(app, allowed_now=lambda: ["https://shop.example.com"])
    assert check(origin, ENVIRON) is allowed


def test_socket_origins_follow_the_setting(app):
    check = socket_origins(app)
    assert check("https://evil.example.net", ENVIRON)  # "*" and nothing stored: any site
    allow(app, ["https://shop.example.com"])
    assert check("https://shop.example.com", ENVIRON)
    assert not check("https://evil.example.net", ENVIRON)
    assert check("https://chat.example.com", ENVIRON)  # Kefu's own pages, always
