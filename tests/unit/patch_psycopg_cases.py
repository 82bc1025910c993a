"""The cases of test_patch_psycopg.py, each run in a process of its own that is monkey-patched
first thing, as a `kefu serve` worker is: greenlets of an unpatched pytest process, with
the threads other tests leave behind, are not the setting the wait runs in.

    python -m tests.unit.patch_psycopg_cases <statements|failing|cooperation|timeout> <postgresql url>

Prints one JSON line: what the case saw."""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402 - after the patching, as in kefu/__main__.py
import sys  # noqa: E402

import gevent  # noqa: E402
import psycopg  # noqa: E402
from psycopg import errors, waiting  # noqa: E402

from kefu.patches import psycopg as pgwait  # noqa: E402


def statements(connect):
    conn = connect()
    rows = conn.execute(
        "SELECT n, repeat('x', n) FROM generate_series(1, %(top)s) AS n", {"top": 2000}
    ).fetchall()
    big = "y" * 300_000  # a query larger than the socket's send buffer: waits to write
    return {
        "rows": len(rows),
        "last_ok": rows[-1] == (2000, "x" * 2000),  # an answer larger than one socket read
        "length": conn.execute("SELECT length(%s)", (big,)).fetchone()[0],
    }


def failing(connect):
    conn = connect()
    try:
        conn.execute("SELECT 1 / 0")
        raised = None
    except errors.DivisionByZero as exc:
        raised = type(exc).__name__
    return {"raised": raised, "after": conn.execute("SELECT 41 + 1").fetchone()[0]}


def cooperation(connect):
    conn = connect()
    order = []

    def slow():
        conn.execute("SELECT pg_sleep(0.3)")
        order.append("statement")

    def other():
        order.append("other greenlet")

    gevent.joinall([gevent.spawn(slow), gevent.spawn(other)], raise_error=True)
    return {"order": order}


def timeout(connect):
    listener, notifier = connect(), connect()
    listener.execute("LISTEN kefu_pgwait")
    nothing = list(listener.notifies(timeout=0.2))  # nothing came: ends at the deadline
    gevent.spawn_later(0.1, notifier.execute, "NOTIFY kefu_pgwait, 'hello'")
    received = next(listener.notifies(timeout=10))
    return {"nothing": nothing, "received": [received.channel, received.payload]}


CASES = {
    "statements": statements,
    "failing": failing,
    "cooperation": cooperation,
    "timeout": timeout,
}


def main():
    case, url = sys.argv[1], sys.argv[2]
    installed = pgwait.install()
    opened = []

    def connect():
        opened.append(psycopg.connect(url, autocommit=True, connect_timeout=5))
        return opened[-1]

    try:
        seen = CASES[case](connect)
    finally:
        for conn in opened:
            conn.close()
    seen.update(installed=installed, ours=waiting.wait is pgwait.wait)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
