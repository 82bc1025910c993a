"""Kefu configuration: one class per environment, read from KEFU_* variables.

Only this module reads the environment; everything else reads app.config.
"""

import os
from datetime import timedelta

from dotenv import load_dotenv

load_dotenv()


def _env(name, default=None):
    value = os.environ.get(f"KEFU_{name}")
    return default if value in (None, "") else value


def _env_number(name, default, kind=int):
    raw = _env(name)
    if raw is None:
        return default
    try:
        return kind(raw)
    except ValueError as exc:
        what = "a whole number" if kind is int else "a number"
        raise RuntimeError(f"KEFU_{name} must be {what}, got {raw!r}") from exc


def _env_int(name, default):
    return _env_number(name, default, int)


def _env_float(name, default):
    return _env_number(name, default, float)


def _env_bool(name, default):
    raw = _env(name)
    if raw is None:
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


def _env_limit(name, default):
    """A rate limit like "30 per 10 seconds"; "off" (or 0, none) disables it."""
    raw = _env(name, default)
    return None if raw.strip().lower() in ("off", "0", "none") else raw


def _env_list(name, default):
    raw = _env(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    return "*" if items == ["*"] else items


def normalize_database_url(url):
    """Map plain platform URLs onto the gevent-cooperative drivers Kefu ships."""
    if url is None:
        return None
    for plain, driver in (
        ("postgres://", "postgresql+psycopg://"),
        ("postgresql://", "postgresql+psycopg://"),
        ("mysql://", "mysql+pymysql://"),
        ("mariadb://", "mysql+pymysql://"),
        ("mariadb+pymysql://", "mysql+pymysql://"),
    ):
        if url.startswith(plain):
            url = driver + url[len(plain) :]
            break
    if url.startswith("mysql+pymysql://") and "charset=" not in url:
        url += ("&" if "?" in url else "?") + "charset=utf8mb4"
    return url


class Config:
    ENV_NAME = "base"
    SECRET_KEY = _env("SECRET_KEY")  # None: generated once into the instance folder
    SQLALCHEMY_DATABASE_URI = normalize_database_url(_env("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_pre_ping": True,
        # Messages share transactions (group commit), so a burst waits its turn for one of
        # these rather than opening overflow connections, which a storm of arrivals opened
        # and closed all the time (a PostgreSQL backend started for each).
        "pool_size": _env_int("DB_POOL_SIZE", 20),
        "max_overflow": _env_int("DB_MAX_OVERFLOW", 0),
        # No pooled connection free this long: 503 unavailable rather than a request held.
        "pool_timeout": _env_float("DB_POOL_TIMEOUT_SECONDS", 10.0),
    }
    # A database that does not accept a connection this long is down (PostgreSQL, MySQL).
    DB_CONNECT_TIMEOUT_SECONDS = _env_int("DB_CONNECT_TIMEOUT_SECONDS", 5)
    # The longest one statement waits for the database's answer before its connection is
    # given up as lost (a partition neither answers nor closes); 0: no bound.
    DB_ANSWER_TIMEOUT_SECONDS = _env_float("DB_ANSWER_TIMEOUT_SECONDS", 30.0)
    # redis://…, rediss://…, or redis+sentinel://host:port,host:port/service_name[/db]
    # (kefu/redisconn.py).
    REDIS_URL = _env("REDIS_URL")
    # Every Redis command waits at most this long per attempt (a blackholed Redis never
    # hangs a handler); the subscriber's idle read is not bounded.
    REDIS_TIMEOUT_SECONDS = _env_float("REDIS_TIMEOUT_SECONDS", 2.0)
    # How many proxies (nginx, a load balancer) sit in front: their X-Forwarded-For is trusted.
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)
    REDIS_PREFIX = _env("REDIS_PREFIX", "kefu:")
    # A worker that misses heartbeats this long is dead: its sockets stop counting.
    WORKER_TTL_SECONDS = _env_int("WORKER_TTL_SECONDS", 15)
    CORS_ORIGINS = _env_list("CORS_ORIGINS", "*")
    MAX_MESSAGE_CHARS = _env_int("MAX_MESSAGE_CHARS", 5000)
    # The default until a secret is generated in the admin console (kefu/settings/identity.py).
    IDENTITY_SECRET = _env("IDENTITY_SECRET")
    # After a rotation the replaced secret still verifies user_hash for this long.
    IDENTITY_SECRET_OVERLAP_HOURS = _env_float("IDENTITY_SECRET_OVERLAP_HOURS", 24.0)
    # "standard" (argon2id, RFC 9106 low-memory) or "fast-for-tests" (refused in production).
    PASSWORD_HASHING = _env("PASSWORD_HASHING", "standard")

    VISITOR_TOKEN_SECONDS = _env_int("VISITOR_TOKEN_SECONDS", 86400)
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(seconds=_env_int("AGENT_TOKEN_SECONDS", 3600))
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(seconds=_env_int("REFRESH_TOKEN_SECONDS", 30 * 86400))
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_ALGORITHM = "HS256"

    # Flask-SocketIO reads no config keys: create_app passes these explicitly.
    SOCKETIO_ASYNC_MODE = _env("ASYNC_MODE", "gevent")
    SOCKETIO_PING_INTERVAL = _env_int("PING_INTERVAL", 25)
    SOCKETIO_PING_TIMEOUT = _env_int("PING_TIMEOUT", 20)
    SOCKETIO_LOGGER = _env_bool("SOCKETIO_LOGGER", False)
    # Messages arriving together are stored in one transaction (gevent only; see
    # kefu/chat/groupcommit.py). Off: one transaction per message.
    GROUP_COMMIT = _env_bool("GROUP_COMMIT", True)
    GROUP_COMMIT_WRITERS = _env_int("GROUP_COMMIT_WRITERS", 2)  # PostgreSQL/MySQL
    # Every this many seconds a serving process collects what is young and freezes the
    # survivors (kefu/gcwatch.py), so full collections never rescan long-lived connection
    # objects. 0: freeze once, at start-up.
    GC_FREEZE_SECONDS = _env_float("GC_FREEZE_SECONDS", 1.0)
    # Polling responses over 1 KB are gzip-compressed (docs/performance.md: what it costs).
    HTTP_COMPRESSION = _env_bool("HTTP_COMPRESSION", True)

    # Routing (PROTOCOL.md section 4).
    DISPATCH_STICKY_HOURS = _env_int("STICKY_HOURS", 24)
    AGENT_GRACE_SECONDS = _env_int("AGENT_GRACE_SECONDS", 60)
    # 0 = off; else a conversation waiting this long for its skill group may go to any agent.
    SKILL_FALLBACK_SECONDS = _env_int("SKILL_FALLBACK_SECONDS", 0)
    # How often the router re-checks lost agents and fallbacks (seconds).
    DISPATCH_SWEEP_SECONDS = _env_int("DISPATCH_SWEEP_SECONDS", 5)
    # How often each worker closes its agent sockets whose session ended elsewhere.
    REVALIDATE_SECONDS = _env_int("REVALIDATE_SECONDS", 5)
    # Queue updates are coalesced: at most one publish per this many seconds per worker
    # (0: on every change). kefu/dispatch/queuepublish.py.
    QUEUE_PUBLISH_SECONDS = _env_float("QUEUE_PUBLISH_SECONDS", 0.25)
    # The dashboard re-reads its conversations and the queue this often while connected, so
    # an event lost on the way (a worker killed between store and emit) shows within it.
    DASHBOARD_RECONCILE_SECONDS = _env_float("DASHBOARD_RECONCILE_SECONDS", 60.0)
    # Estimated waits come from the assignment rate over this many minutes.
    WAIT_ESTIMATE_MINUTES = _env_int("WAIT_ESTIMATE_MINUTES", 15)

    # SIGTERM: how long in-flight work and open connections get before the process exits.
    SHUTDOWN_SECONDS = _env_int("SHUTDOWN_SECONDS", 10)
    # Connections the kernel queues before `kefu serve` accepts them (capped by the host's
    # net.core.somaxconn): room for a reconnect storm.
    LISTEN_BACKLOG = _env_int("LISTEN_BACKLOG", 4096)
    # New Socket.IO connections whose handshake may be under way at once (0: no limit); the
    # rest wait their turn, so a reconnect storm does not stall the messages of the chats
    # already on the worker (kefu/sockets/handshake_gate.py).
    HANDSHAKE_CONCURRENCY = _env_int("HANDSHAKE_CONCURRENCY", 64)

    DEMO_DATA = False
    MAX_CONTENT_LENGTH = 1024 * 1024  # whole REST bodies; messages are far smaller

    # Rate limits ("N per second|minute|hour"); 429 rate_limited past them.
    RATE_LIMIT_MESSAGES = _env_limit("RATE_LIMIT_MESSAGES", "30 per 10 seconds")  # per sender
    RATE_LIMIT_VISITOR_AUTH = _env_limit("RATE_LIMIT_VISITOR_AUTH", "300 per minute")  # per IP
    RATE_LIMIT_LOGIN = _env_limit("RATE_LIMIT_LOGIN", "10 per minute")  # per IP and email
    # Per IP whatever the email: password spraying tries many accounts from one address.
    RATE_LIMIT_LOGIN_IP = _env_limit("RATE_LIMIT_LOGIN_IP", "30 per minute")
    # "Email me this conversation": per visitor, so the form cannot be used to spam an inbox.
    RATE_LIMIT_TRANSCRIPT_EMAIL = _env_limit("RATE_LIMIT_TRANSCRIPT_EMAIL", "3 per hour")
    # Prometheus metrics: open in development; in production only with this bearer token.
    METRICS_TOKEN = _env("METRICS_TOKEN", None)
    METRICS_OPEN = True

    # Attachments (PROTOCOL.md section 5). The type is decided from the bytes.
    UPLOAD_MAX_BYTES = _env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    UPLOAD_TYPES = _env_list(
        "UPLOAD_TYPES", ["png", "jpeg", "gif", "webp", "pdf", "txt", "csv", "docx", "xlsx", "zip"]
    )
    # file://<dir> or s3://bucket/prefix; None: the instance folder's attachments/.
    STORAGE_URL = _env("STORAGE_URL")
    S3_ENDPOINT_URL = _env("S3_ENDPOINT_URL")  # any S3-compatible store (MinIO, Ceph, …)
    # Email (PROTOCOL.md section 6): smtp://[user:pass@]host:port or smtps://…; None: no email.
    SMTP_URL = _env("SMTP_URL")
    MAIL_FROM = _env("MAIL_FROM", "Kefu <kefu@localhost>")
    NOTIFY_EMAILS = _env_list("NOTIFY_EMAILS", [])  # the team, told of messages left offline
    # An agent's reply still unread this long is emailed to a visitor who gave an email.
    REPLY_EMAIL_DELAY_SECONDS = _env_int("REPLY_EMAIL_DELAY_SECONDS", 120)
    MAIL_SWEEP_SECONDS = _env_int("MAIL_SWEEP_SECONDS", 15)
    # Where people reach Kefu, for links in emails (e.g. https://support.example.com).
    PUBLIC_URL = _env("PUBLIC_URL")
    # How long a file link handed out in a message stays valid; clients get fresh ones on sync.
    ATTACHMENT_URL_SECONDS = _env_int("ATTACHMENT_URL_SECONDS", 3600)
    # Webhooks (PROTOCOL.md section 9, docs/webhooks.md). Receivers on loopback, private or
    # link-local addresses are refused unless this is set (on-premise receivers, tests).
    WEBHOOK_ALLOW_PRIVATE = _env_bool("WEBHOOK_ALLOW_PRIVATE", False)
    WEBHOOK_CONNECT_TIMEOUT_SECONDS = _env_float("WEBHOOK_CONNECT_TIMEOUT_SECONDS", 5.0)
    WEBHOOK_READ_TIMEOUT_SECONDS = _env_float("WEBHOOK_READ_TIMEOUT_SECONDS", 10.0)
    WEBHOOK_RESPONSE_MAX_BYTES = _env_int("WEBHOOK_RESPONSE_MAX_BYTES", 65536)
    # Retries back off from the first delay, doubling (with jitter) up to the longest, and
    # stop this many hours after the first attempt: the delivery is then marked failed.
    WEBHOOK_FIRST_RETRY_SECONDS = _env_float("WEBHOOK_FIRST_RETRY_SECONDS", 5.0)
    WEBHOOK_MAX_RETRY_DELAY_SECONDS = _env_float("WEBHOOK_MAX_RETRY_DELAY_SECONDS", 3600.0)
    WEBHOOK_GIVE_UP_HOURS = _env_float("WEBHOOK_GIVE_UP_HOURS", 24.0)
    # How often the relay looks for committed events; a worker's hold on a webhook (or on
    # the relay) lasts this long without renewal before another worker takes over.
    WEBHOOK_RELAY_SECONDS = _env_float("WEBHOOK_RELAY_SECONDS", 0.05)
    WEBHOOK_LEASE_SECONDS = _env_float("WEBHOOK_LEASE_SECONDS", 15.0)
    # Delivered events and the delivery log are kept this long (must exceed the give-up).
    WEBHOOK_RETENTION_DAYS = _env_float("WEBHOOK_RETENTION_DAYS", 7.0)
    WEBHOOK_SECRET_OVERLAP_HOURS = _env_float("WEBHOOK_SECRET_OVERLAP_HOURS", 24.0)


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = False  # the gevent server runs without the reloader; debug pages stay off
    DEMO_DATA = _env_bool("DEMO", True)


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SOCKETIO_ASYNC_MODE = "threading"
    SQLALCHEMY_DATABASE_URI = normalize_database_url(_env("DATABASE_URL", "sqlite://"))
    SECRET_KEY = "testing-secret-key-that-is-long-enough-for-hs256"
    PASSWORD_HASHING = _env("PASSWORD_HASHING", "fast-for-tests")


class ProductionConfig(Config):
    ENV_NAME = "production"
    METRICS_OPEN = False

    @classmethod
    def check(cls, config):
        """Refuse to start with settings that are only safe on a laptop."""
        problems = []
        secret = config.get("SECRET_KEY")
        if not secret or len(secret) < 32:
            problems.append("KEFU_SECRET_KEY must be set to a random string of 32+ characters")
        if config.get("CORS_ORIGINS") in ("*", [], None):
            problems.append(
                "KEFU_CORS_ORIGINS must list the sites allowed to embed the widget "
                "(comma-separated origins, e.g. https://shop.example.com)"
            )
        if config.get("PASSWORD_HASHING") != "standard":
            problems.append("KEFU_PASSWORD_HASHING must be 'standard' (the default)")
        if problems:
            raise RuntimeError("Kefu cannot start in production: " + "; ".join(problems))


config_by_name = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def instance_path_from_env():
    """Where the embedded database and generated secret live (None: Flask's default)."""
    return _env("INSTANCE_PATH")


def config_name_from_env():
    """Return the configuration name chosen by KEFU_ENV (default development)."""
    return _env("ENV", "development")
