"""Security headers from the server: no page may be framed by a foreign site, nothing is
sniffed, HSTS over HTTPS; the demo page (with its demo logins) only in development."""

import pytest

from kefu import create_app
from kefu.sockets.origins import socket_origins


def test_every_response_says_nosniff(client):
    for path in ("/healthz", "/api/openapi.json", "/api/no-such-route", "/dashboard"):
        assert client.get(path).headers["X-Content-Type-Options"] == "nosniff", path


def test_the_dashboard_may_not_be_framed(client):
    response = client.get("/dashboard")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-eval" not in policy and "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_widget_is_framed_only_by_kefu_and_the_configured_sites(tmp_path):
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.db'}",
            "CORS_ORIGINS": ["https://shop.example.com", "https://www.example.org"],
        },
    )
    response = app.test_client().get("/widget")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://shop.example.com https://www.example.org" in policy
    assert "X-Frame-Options" not in response.headers  # it cannot name several sites


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
def test_socket_origins_always_include_kefus_own(origin, allowed):
    check = socket_origins(["https://shop.example.com"])
    assert check(origin, ENVIRON) is allowed


def test_socket_origins_star_stays_star():
    assert socket_origins(["*"]) == "*" and socket_origins("*") == "*"
