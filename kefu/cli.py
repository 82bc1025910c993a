"""Command line: serve, init-db, create-agent, create-api-key, demo."""

import contextlib
import fcntl
import logging
import resource
import sys

import click

from . import create_app

DEMO_AGENTS = (
    # email, password, name, skills, max_concurrent, role
    ("admin@example.com", "admin", "Ada Admin", (), 5, "admin"),
    ("alice@example.com", "alice", "Alice", ("sales",), 5, "agent"),
    ("bob@example.com", "bob", "Bob", ("billing",), 5, "agent"),
)


@click.group()
def cli():
    """Kefu: live-chat customer service."""


def upgrade_schema(app):
    """Bring the database schema to the newest migration (idempotent, and safe when several
    workers or pods run it at once: they take turns on a database lock)."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from .extensions import db

    with app.app_context():
        dialect = db.engine.dialect.name
        if dialect == "sqlite":
            with _file_lock(db.engine.url.database):
                upgrade()
            return
        with db.engine.connect() as lock:
            if dialect == "postgresql":
                lock.execute(text("SELECT pg_advisory_lock(7246001)"))
            else:
                lock.execute(text("SELECT GET_LOCK('kefu_migrate', 300)"))
            try:
                upgrade()
            finally:
                if dialect == "postgresql":
                    lock.execute(text("SELECT pg_advisory_unlock(7246001)"))
                else:
                    lock.execute(text("SELECT RELEASE_LOCK('kefu_migrate')"))


@contextlib.contextmanager
def _file_lock(database_path):
    """An exclusive lock on a file beside an SQLite database (none for :memory:)."""
    if not database_path or database_path == ":memory:":
        yield
        return
    with open(database_path + ".migrate-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def schema_is_current(app):
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from .extensions import db, migrate

    with app.app_context():
        script = ScriptDirectory.from_config(migrate.get_config())
        with db.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_heads()
        return set(current) == set(script.get_heads())


def raise_fd_limit():
    """Every socket is a file descriptor: take the whole hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--access-log/--no-access-log", default=False, help="Log every HTTP request.")
def serve(host, port, access_log):
    """Run the server (gevent, websocket and polling transports)."""
    from .extensions import socketio
    from .runtime.server import prepare
    from .runtime.server import serve as serve_until_stopped

    fds = raise_fd_limit()
    app = create_app()
    embedded = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    if not schema_is_current(app):
        if not embedded:
            raise click.ClickException("The database schema is not current: run `kefu init-db`.")
        upgrade_schema(app)
        if app.config.get("DEMO_DATA"):
            seed_demo(app)
            seed_demo_settings(app)
    base = f"http://{host}:{port}"
    click.echo(f"Kefu {app.config['ENV_NAME']} serving on {base}  (file descriptors: {fds})")
    click.echo(f"  dashboard   {base}/dashboard")
    click.echo(f"  demo site   {base}/")
    click.echo(f'  widget      <script src="{base}/widget.js" async></script>')
    click.echo(f"  API         {base}/api/openapi.json")
    sys.stdout.flush()
    if not access_log:
        # gevent-websocket's handler logs every request at INFO by itself.
        logging.getLogger("geventwebsocket.handler").setLevel(logging.WARNING)
    prepare(app, socketio)
    serve_until_stopped(app, socketio, host, port, access_log)


@cli.command("init-db")
def init_db():
    """Create or upgrade the schema through migrations (idempotent)."""
    app = create_app()
    upgrade_schema(app)
    click.echo("database schema is current")


@cli.command("create-agent")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", required=True)
@click.option("--skills", default="", help="Comma-separated skill groups.")
@click.option("--max-concurrent", default=5, show_default=True, type=click.IntRange(1, 1000))
@click.option("--admin", is_flag=True, help="Make the agent an administrator (--role admin).")
@click.option(
    "--role",
    type=click.Choice(["agent", "supervisor", "admin"]),
    default=None,
    help="agent (default), supervisor (every conversation and the reports) or admin.",
)
def create_agent_command(email, password, name, skills, max_concurrent, admin, role):
    """Create an agent (and any skill group it names); prints its id."""
    from .chat.agents import create_agent
    from .errors import KefuError
    from .schemas import AgentCreateIn, parse

    if admin and role not in (None, "admin"):
        raise click.UsageError("--admin and --role " + role + " contradict each other.")
    app = create_app()
    with app.app_context():
        try:
            data = parse(
                AgentCreateIn,
                {
                    "email": email,
                    "password": password,
                    "name": name,
                    "skills": [s.strip() for s in skills.split(",") if s.strip()],
                    "max_concurrent": max_concurrent,
                    "role": "admin" if admin else role or "agent",
                },
            )
            agent = create_agent(
                data.email, data.password, data.name, data.skills, data.max_concurrent, data.role
            )
        except KefuError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(agent.id)


@cli.command("create-api-key")
@click.option("--name", required=True, help="Which system uses the key.")
def create_api_key_command(name):
    """Create an API key for an integration; prints the key (shown only this once)."""
    from .chat.apikeys import create_api_key

    app = create_app()
    with app.app_context():
        _, key = create_api_key(name)
        click.echo(key)


def seed_demo(app):
    """Create the demo agents and skill groups that do not exist yet."""
    from sqlalchemy import select

    from .chat.agents import create_agent, ensure_skill_groups
    from .extensions import db
    from .models import Agent

    with app.app_context():
        ensure_skill_groups(["sales", "billing"])
        db.session.commit()
        for email, password, name, skills, max_concurrent, role in DEMO_AGENTS:
            if db.session.scalar(select(Agent.id).where(Agent.email == email)) is None:
                create_agent(email, password, name, skills, max_concurrent, role)


# The demo shop's widget as a team would set it up: a pre-chat form with a choice of team,
# an offline message and business hours (every day, all day in Shanghai, so that the demo
# answers whenever it is tried; an admin changes them in the settings).
DEMO_SETTINGS = {
    "widget": {
        "offline_message": "",
        "skill_groups": [
            {"name": "sales", "label": {"en": "Sales", "zh-CN": "售前咨询"}},
            {"name": "billing", "label": {"en": "Billing", "zh-CN": "账单与付款"}},
        ],
        "prechat": {
            "enabled": True,
            "fields": [
                {
                    "name": "name",
                    "label": {"en": "Your name", "zh-CN": "您的姓名"},
                    "type": "text",
                    "required": True,
                },
                {
                    "name": "email",
                    "label": {"en": "Email", "zh-CN": "电子邮箱"},
                    "type": "email",
                    "required": False,
                },
            ],
        },
    },
    "business_hours": {
        "timezone": "Asia/Shanghai",
        "weekly": {
            day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        },
        "holidays": [],
    },
}


def seed_demo_settings(app):
    """Store the demo settings where no setting is stored yet (`kefu serve` on a fresh
    embedded database; `kefu demo` leaves the settings alone)."""
    from sqlalchemy import func, select

    from .extensions import db
    from .models import Setting
    from .schemas import parse
    from .settings.schema import SettingsPatch
    from .settings.update import update_settings

    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(Setting)):
            return
        update_settings(None, parse(SettingsPatch, DEMO_SETTINGS))


@cli.command()
def demo():
    """Create demo data: admin@example.com / admin, two agents, two skill groups."""
    app = create_app()
    upgrade_schema(app)
    seed_demo(app)
    for email, password, _, skills, _, role in DEMO_AGENTS:
        click.echo(f"{role:5}  {email} / {password}  skills: {', '.join(skills) or '-'}")
