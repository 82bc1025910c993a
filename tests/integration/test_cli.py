"""The `kefu` command line against a fresh database on each engine."""

import pytest
import sqlalchemy

from config import normalize_database_url

from .server import create_agent_args, kefu_env, run_kefu

pytestmark = pytest.mark.integration


def test_init_db_twice_and_create_agents(fresh_database, tmp_path):
    """init-db is idempotent; create-agent prints the new id; a taken email exits non-zero
    with a clear message and no traceback."""
    env = kefu_env(fresh_database.url)

    def kefu(*args):
        return run_kefu(*args, env=env, cwd=tmp_path)

    for _ in range(2):
        result = kefu("init-db")
        assert result.returncode == 0, result.stderr
        assert "database schema is current" in result.stdout

    first = kefu(*create_agent_args("Lin@Example.com", "pw", "Lin", "sales, billing", 3))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().isdigit(), repr(first.stdout)

    # Emails are compared case-insensitively.
    duplicate = kefu(*create_agent_args("lin@example.com", "other", "Lin Again"))
    assert duplicate.returncode != 0
    assert "An agent with that email exists" in duplicate.stderr
    assert "Traceback" not in duplicate.stderr
    assert duplicate.stdout.strip() == ""

    supervisor = kefu(*create_agent_args("sue@example.com", "pw", "Sue"), "--role", "supervisor")
    assert supervisor.returncode == 0, supervisor.stderr
    engine = sqlalchemy.create_engine(normalize_database_url(fresh_database.url))
    with engine.connect() as connection:
        roles = dict(connection.execute(sqlalchemy.text("SELECT email, role FROM agents")).all())
    engine.dispose()
    assert roles == {"lin@example.com": "agent", "sue@example.com": "supervisor"}
    contradiction = kefu(
        *create_agent_args("x@example.com", "pw", "X", admin=True), "--role", "agent"
    )
    assert contradiction.returncode != 0 and "contradict" in contradiction.stderr


def test_agents_made_by_the_cli_log_in_with_their_roles_and_skills(server):
    """The server fixture's accounts come from `kefu create-agent`: they log in and /api/me
    reports the role, skills and capacity given on the command line."""
    me = server.api.expect("GET", "/api/me", 200, token=server.admin.access_token)
    assert (me["role"], me["skills"], me["max_concurrent"]) == ("admin", [], 5)
    ann, ben = server.agents
    me = server.api.expect("GET", "/api/me", 200, token=ann.access_token)
    assert (me["role"], sorted(me["skills"]), me["max_concurrent"]) == (
        "agent",
        ["it-sales", "it-support"],
        3,
    )
    me = server.api.expect("GET", "/api/me", 200, token=ben.access_token)
    assert (me["role"], me["skills"]) == ("agent", ["it-billing"])
    since = server.log_size()
    wrong = server.api.post(
        "/api/agent/login", json={"email": ben.email, "password": "not-" + ben.password}
    )
    assert wrong.status_code == 401
    # A mistyped password is an answer, not an error: no traceback in the server's log.
    assert "Traceback" not in server.log_text(since)
