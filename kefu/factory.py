"""The init_* steps of create_app: one concern each."""

import logging
import os
import secrets

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

from config import config_by_name, config_name_from_env

from .errors import KefuError, database_unavailable
from .extensions import db, jwt, migrate, socketio

SECRET_FILE = "secret_key"


def init_config(app, config_name, overrides):
    name = config_name or config_name_from_env()
    if name not in config_by_name:
        raise RuntimeError(f"KEFU_ENV must be one of {', '.join(config_by_name)}, not {name!r}")
    config_class = config_by_name[name]
    app.config.from_object(config_class)
    app.config.update(overrides or {})
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "kefu.db"
        )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite has no server-side pool to size; a single file wants a small one.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": False}
    else:
        # A server that does not answer a connect is down: unavailable, never a held request.
        engine_options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        connect_args = dict(engine_options.get("connect_args", {}))
        connect_args.setdefault("connect_timeout", app.config["DB_CONNECT_TIMEOUT_SECONDS"])
        connect_args.update(_answer_bound(app.config["SQLALCHEMY_DATABASE_URI"], app.config))
        engine_options["connect_args"] = connect_args
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
    check = getattr(config_class, "check", None)
    if check is not None:
        check(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
    app.config.setdefault("JWT_SECRET_KEY", app.config["SECRET_KEY"])


def _answer_bound(url, config):
    """Driver options that give up a connection whose database stopped answering.
    PyMySQL times its reads and writes itself. For psycopg the bound is kept by its wait on
    the gevent loop (kefu/patches/psycopg.py); the kernel's TCP timeouts below are the
    floor when that patch is not in use (a peer gone from the network, not a slow one)."""
    seconds = config["DB_ANSWER_TIMEOUT_SECONDS"]
    if not seconds or seconds <= 0:
        return {}
    if url.startswith("mysql"):
        return {"read_timeout": seconds, "write_timeout": seconds}
    if url.startswith("postgresql"):
        return {
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": int(seconds * 1000),
        }
    return {}


def _instance_secret(instance_path):
    """A secret generated once and kept in the instance folder (embedded mode)."""
    path = os.path.join(instance_path, SECRET_FILE)
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    with open(path) as handle:
        return handle.read().strip()


def init_logging(app):
    if not app.testing and not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


def init_extensions(app):
    from .dispatch.publishing import init_queue_publisher
    from .dispatch.router import init_dispatch_batcher
    from .sockets import init_sockets
    from .sockets.fanout.manager import client_manager
    from .sockets.fanout.packets import JsonPacket
    from .sockets.origins import socket_origins
    from .storage import init_storage

    db.init_app(app)
    _sqlite_pragmas(app)
    _unpingable_connections_are_replaced(app)
    init_storage(app)
    init_queue_publisher(app)
    init_dispatch_batcher(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    jwt.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        # Flask-SocketIO's own choice (in memory, or Redis with REDIS_URL) plus a room index.
        client_manager=client_manager(
            app.config.get("REDIS_URL"), timeout=app.config["REDIS_TIMEOUT_SECONDS"]
        ),
        serializer=JsonPacket,
        cors_allowed_origins=socket_origins(app),
        # Kefu authenticates with bearer tokens, never cookies.
        cors_credentials=False,
        ping_interval=app.config["SOCKETIO_PING_INTERVAL"],
        ping_timeout=app.config["SOCKETIO_PING_TIMEOUT"],
        # Kefu needs no per-socket copy of the Flask session.
        manage_session=False,
        # Far above the largest allowed message, below anything that could hurt.
        max_http_buffer_size=256 * 1024,
        http_compression=app.config["HTTP_COMPRESSION"],
        logger=app.config["SOCKETIO_LOGGER"],
        engineio_logger=app.config["SOCKETIO_LOGGER"],
    )
    init_sockets(app, socketio)


def _unpingable_connections_are_replaced(app):
    """A pooled connection that fails its pre-ping is discarded and replaced, whatever the
    error: a query cut off by a network fault can leave psycopg's connection mid-query, and
    its ping then raises ProgrammingError ("transaction status ACTIVE"), which SQLAlchemy
    does not count as a disconnect, so the request failed with a 500 instead of getting a
    fresh connection (seen in tests/faults/test_database_unavailable.py)."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "handle_error")
        def replace_on_failed_ping(context):
            if context.is_pre_ping:
                context.is_disconnect = True


def _sqlite_pragmas(app):
    """WAL lets readers run beside the writer; busy_timeout waits instead of failing."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def set_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()


def init_state(app):
    from . import ratelimit, state
    from .attachments import store

    app.extensions[state.EXTENSION_KEY] = state.build(app.config)
    app.extensions[ratelimit.EXTENSION_KEY] = ratelimit.build(app.config)
    store.init_app(app)


def init_errors(app):
    """Every HTTP error leaves in the contract's envelope."""

    @app.errorhandler(KefuError)
    def handle_kefu_error(exc):
        db.session.rollback()
        return jsonify(exc.to_dict()), exc.status

    @app.errorhandler(HTTPException)
    def handle_http_error(exc):
        code = (exc.name or "error").lower().replace(" ", "_")
        if exc.code == 413:
            code = "payload_too_large"
        body = {"error": {"code": code, "message": exc.description or exc.name}}
        return jsonify(body), exc.code

    @app.errorhandler(Exception)
    def handle_unexpected(exc):
        try:
            db.session.rollback()
        except Exception:  # the connection broke: the pool replaces it, the session is reset
            db.session.remove()
        unavailable = database_unavailable(exc)
        if unavailable is not None:  # the database is down or slow: 503, retry later
            app.logger.warning("%s %s: %s", request.method, request.path, exc.__class__.__name__)
            return jsonify(unavailable.to_dict()), unavailable.status
        app.logger.exception("unexpected error")
        body = {"error": {"code": "internal_error", "message": "Something went wrong on our side."}}
        return jsonify(body), 500


def init_http(app):
    from flask_cors import CORS
    from werkzeug.middleware.proxy_fix import ProxyFix

    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Visitor IPs (profiles, per-IP limits) come from X-Forwarded-* set by our own proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    from .blueprints import register_blueprints
    from .eventcontext import init_event_context
    from .security_headers import init_security_headers

    register_blueprints(app)
    init_event_context(app)
    init_security_headers(app)
    CORS(
        app,
        resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
        allow_headers=["Authorization", "Content-Type"],
        methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
    )
