"""Configuration: URL mapping and production's start-up checks."""

import pytest

from config import normalize_database_url
from kefu import create_app


@pytest.mark.parametrize(
    "given, expected",
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("mysql://root@h/db", "mysql+pymysql://root@h/db?charset=utf8mb4"),
        ("mariadb://root@h/db?ssl=1", "mysql+pymysql://root@h/db?ssl=1&charset=utf8mb4"),
        ("sqlite:///x.db", "sqlite:///x.db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_plain_urls_map_to_cooperative_drivers(given, expected):
    assert normalize_database_url(given) == expected


def test_production_refuses_without_secret_and_origins(tmp_path):
    with pytest.raises(RuntimeError) as err:
        create_app("production", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/k.db"})
    assert "KEFU_SECRET_KEY" in str(err.value) and "KEFU_CORS_ORIGINS" in str(err.value)


def test_production_starts_with_real_settings(tmp_path):
    app = create_app(
        "production",
        {
            "SECRET_KEY": "s" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/k.db",
            "CORS_ORIGINS": ["https://shop.example.com"],
        },
    )
    assert app.config["ENV_NAME"] == "production"


def test_production_refuses_test_password_hashing(tmp_path):
    with pytest.raises(RuntimeError, match="KEFU_PASSWORD_HASHING"):
        create_app(
            "production",
            {
                "SECRET_KEY": "s" * 40,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/k.db",
                "CORS_ORIGINS": ["https://shop.example.com"],
                "PASSWORD_HASHING": "fast-for-tests",
            },
        )


def test_either_hashing_verifies_the_others_hashes(app):
    from kefu.chat import credentials

    fast = credentials.hash_password("pw")
    app.config["PASSWORD_HASHING"] = "standard"
    standard = credentials.hash_password("pw")
    assert "m=8," in fast and "m=65536," in standard
    assert credentials.verify_password(fast, "pw") and credentials.verify_password(standard, "pw")
    assert not credentials.verify_password(fast, "wrong")


def test_unknown_environment_name(tmp_path):
    with pytest.raises(RuntimeError, match="KEFU_ENV"):
        create_app("staging")


def test_a_mistyped_rate_limit_stops_the_start(tmp_path):
    with pytest.raises(RuntimeError, match="KEFU_RATE_LIMIT_LOGIN is not a rate limit"):
        create_app(
            "testing",
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/k.db", "RATE_LIMIT_LOGIN": "lots"},
        )


def test_rate_limits_can_be_switched_off(monkeypatch):
    import config

    monkeypatch.setenv("KEFU_RATE_LIMIT_MESSAGES", "off")
    assert config._env_limit("RATE_LIMIT_MESSAGES", "30 per 10 seconds") is None
    monkeypatch.setenv("KEFU_RATE_LIMIT_MESSAGES", "5 per second")
    assert config._env_limit("RATE_LIMIT_MESSAGES", "30 per 10 seconds") == "5 per second"


def test_the_dashboard_page_carries_its_reconcile_interval(app, client):
    assert b'data-reconcile-seconds="60.0"' in client.get("/dashboard").data
    app.config["DASHBOARD_RECONCILE_SECONDS"] = 15
    assert b'data-reconcile-seconds="15"' in client.get("/dashboard").data
