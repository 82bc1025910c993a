"""psycopg waiting on gevent's loop (kefu/pgwait.py), against a real PostgreSQL.

The tests put `pgwait.wait` in psycopg's place for one test at a time; the process itself
is not monkey-patched, so psycopg's own choice here would be its C wait, which blocks the
whole process: the cooperation test fails with it."""

import subprocess
import sys

import gevent
import psycopg
import pytest
from psycopg import errors, waiting

from kefu import pgwait

from ..services import PG_ADMIN_URL, unavailable


@pytest.fixture
def connect(monkeypatch):
    monkeypatch.setattr(waiting, "wait", pgwait.wait)
    opened = []

    def open_connection():
        try:
            conn = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
        except psycopg.OperationalError as exc:
            unavailable(f"postgresql unreachable: {exc}")
        opened.append(conn)
        return conn

    yield open_connection
    for conn in opened:
        conn.close()


def test_statements_answer_as_with_psycopgs_own_wait(connect):
    conn = connect()
    rows = conn.execute(
        "SELECT n, repeat('x', n) FROM generate_series(1, %(top)s) AS n", {"top": 2000}
    ).fetchall()
    assert len(rows) == 2000
    assert rows[-1] == (2000, "x" * 2000)  # an answer larger than one socket read
    big = "y" * 300_000  # a query larger than the socket's send buffer: waits to write
    assert conn.execute("SELECT length(%s)", (big,)).fetchone() == (300_000,)


def test_a_failing_statement_raises_and_the_connection_goes_on(connect):
    conn = connect()
    with pytest.raises(errors.DivisionByZero):
        conn.execute("SELECT 1 / 0")
    assert conn.execute("SELECT 41 + 1").fetchone() == (42,)


def test_a_waiting_statement_lets_other_greenlets_run(connect):
    conn = connect()
    order = []

    def slow():
        conn.execute("SELECT pg_sleep(0.3)")
        order.append("statement")

    def other():
        order.append("other greenlet")

    gevent.joinall([gevent.spawn(slow), gevent.spawn(other)], raise_error=True)
    assert order == ["other greenlet", "statement"]


def test_a_wait_with_a_timeout_ends_when_it_runs_out(connect):
    listener, notifier = connect(), connect()
    listener.execute("LISTEN kefu_pgwait")
    assert list(listener.notifies(timeout=0.2)) == []  # nothing came: ends at the deadline

    def notify():
        notifier.execute("NOTIFY kefu_pgwait, 'hello'")

    gevent.spawn_later(0.1, notify)
    received = next(listener.notifies(timeout=10))
    assert (received.channel, received.payload) == ("kefu_pgwait", "hello")


def test_installed_only_where_gevent_patched_select():
    assert pgwait.install() is False  # this process is not monkey-patched
    assert waiting.wait is not pgwait.wait
    patched = subprocess.run(
        [
            sys.executable,
            "-c",
            "from gevent import monkey; monkey.patch_all()\n"
            "from psycopg import waiting\n"
            "from kefu import pgwait\n"
            "print(pgwait.install(), waiting.wait is pgwait.wait)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert patched.stdout.split() == ["True", "True"]
