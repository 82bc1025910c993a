"""Reports at scale: a year of a busy team's conversations in PostgreSQL, the summary timed
for 30, 90 and 365 days and the 90-day CSV export streamed, beside a naive query that
scans the messages (a GROUP BY over every message of the period) in the same run. The
reports read the times the message path stamped on each conversation, never messages.

The data is written with COPY: `conversations` over the 365 days before today (UTC), each
with a visitor's first message, usually a private note or two, an agent's reply, more
messages, and a close; some are missed (no reply) and some rated."""

import random
import subprocess
import time
import tracemalloc
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg

from .harness import KEFU
from .servers import database, kefu_env

SEED = 20261204
AGENTS = 50
SKILLS = ("sales", "billing", "support")


def _copy(cursor, table, columns, rows):
    """COPY rows (tuples; None is NULL) into `table`."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load_year(url, conversations, messages_per_conversation, today):
    """Write AGENTS agents and `conversations` conversations (one visitor each) over the
    365 days before `today`, about `messages_per_conversation` messages each."""
    rng = random.Random(SEED)
    start = datetime.combine(today - timedelta(days=365), datetime.min.time())
    agent_rows = [
        (n, f"bench-agent-{n}@example.com", f"Agent {n}", "x", "agent", 5, 0, start, 0)
        for n in range(1, AGENTS + 1)
    ]
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        _copy(
            cursor,
            "agents",
            (
                "id",
                "email",
                "name",
                "password_hash",
                "role",
                "max_concurrent",
                "load",
                "created_at",
                "token_version",
            ),
            agent_rows,
        )
        visitors, convs, messages = [], [], []
        message_id = 0
        for cid in range(1, conversations + 1):
            created = start + timedelta(seconds=rng.randrange(365 * 86400))
            visitor = f"v_bench_{cid}"
            visitors.append((visitor, f"Visitor {cid}", 0, created, created))
            agent = rng.randrange(1, AGENTS + 1)
            wait = rng.randrange(5, 300)
            missed = rng.random() < 0.08
            reply = None if missed else wait + rng.randrange(10, 240)
            length = max(2, int(rng.gauss(messages_per_conversation, 2)))
            closed = created + timedelta(seconds=(reply or wait) + rng.randrange(60, 3600))
            rating = rng.choice((None, None, 3, 4, 5, 5, 1)) if not missed else None
            seq = 0
            plan = [("visitor", 0, False)]
            if rng.random() < 0.3:
                plan.append(("agent", wait + 2, True))  # a private note first
            if reply is not None:
                plan.append(("agent", reply, False))
            while len(plan) < length:
                plan.append(
                    (rng.choice(("visitor", "agent")), (reply or wait) + len(plan) * 30, False)
                )
            for sender, offset, private in plan:
                seq += 1
                message_id += 1
                messages.append(
                    (
                        message_id,
                        cid,
                        seq,
                        sender,
                        visitor if sender == "visitor" else str(agent),
                        "text",
                        "message text",
                        created + timedelta(seconds=offset),
                        private,
                    )
                )
            convs.append(
                (
                    cid,
                    visitor,
                    agent,
                    rng.choice(SKILLS),
                    "closed",
                    0,
                    created,
                    seq,
                    0,
                    0,
                    created,
                    created + timedelta(seconds=wait),
                    closed,
                    rating,
                    0,
                    created,  # the first visitor message, as the message path stamps it
                    None if reply is None else created + timedelta(seconds=reply),
                )
            )
        _copy(
            cursor, "visitors", ("id", "name", "priority", "created_at", "last_seen_at"), visitors
        )
        _copy(
            cursor,
            "conversations",
            (
                "id",
                "visitor_id",
                "agent_id",
                "skill_group",
                "status",
                "priority",
                "queued_at",
                "last_seq",
                "visitor_read_seq",
                "agent_read_seq",
                "created_at",
                "assigned_at",
                "closed_at",
                "rating",
                "visitor_emailed_seq",
                "first_visitor_at",
                "first_response_at",
            ),
            convs,
        )
        _copy(
            cursor,
            "messages",
            (
                "id",
                "conversation_id",
                "seq",
                "sender_type",
                "sender_id",
                "type",
                "content",
                "created_at",
                "private",
            ),
            messages,
        )
        for table in ("agents", "conversations", "messages"):
            highest = f"(SELECT max(id) FROM {table})"
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {highest})")
        cursor.execute("ANALYZE")
    return len(messages)


NAIVE = """
SELECT c.id,
       min(m.created_at) FILTER (WHERE m.sender_type = 'visitor'),
       min(m.created_at) FILTER (WHERE m.sender_type = 'agent' AND NOT m.private),
       count(m.id)
FROM messages m JOIN conversations c ON c.id = m.conversation_id
WHERE c.created_at >= %s AND c.created_at < %s
GROUP BY c.id
"""


def _timed(function, repeat=3):
    """The best of `repeat` runs, in seconds, and the last result."""
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return round(best, 3), result


def measure(url, today, days=(30, 90, 365), export_days=90):
    from kefu import create_app
    from kefu.reports.export import csv_chunks
    from kefu.reports.facts import Period, iter_conversation_facts, summary_rows
    from kefu.reports.summary import summarize

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    zone = ZoneInfo("UTC")
    rows = {}
    with app.app_context():
        for span in days:
            period = Period(today - timedelta(days=span - 1), today, zone)

            def summary(period=period):
                return summarize(summary_rows(period), period)

            seconds, report = _timed(summary)
            start, end = period.utc_bounds()

            def naive(start=start, end=end):
                with psycopg.connect(url) as connection:
                    return connection.execute(NAIVE, (start, end)).fetchall()

            naive_seconds, scanned = _timed(naive)
            rows[span] = {
                "conversations": report["conversations"],
                "summary_seconds": seconds,
                "naive_scan_seconds": naive_seconds,
                "naive_rows": len(scanned),
            }
        exports = {}
        for span in (7, export_days):
            period = Period(today - timedelta(days=span - 1), today, zone)
            tracemalloc.start()
            started = time.perf_counter()
            size = sum(len(chunk) for chunk in csv_chunks(iter_conversation_facts(period)))
            took = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            exports[span] = {
                "bytes": size,
                "seconds": round(took, 3),
                "peak_python_mb": round(peak / 2**20, 2),
            }
    return rows, exports


def run_reports(conversations, messages_per_conversation, workdir):
    """Load a year into a fresh PostgreSQL database and time the reports on it."""
    today = date.today()
    with database("postgresql", workdir) as url:
        subprocess.run(
            [KEFU, "init-db"], env=kefu_env(url), cwd=workdir, check=True, capture_output=True
        )
        started = time.perf_counter()
        messages = load_year(url, conversations, messages_per_conversation, today)
        loaded = round(time.perf_counter() - started, 1)
        summaries, exports = measure(url, today)
    return {
        "conversations": conversations,
        "messages": messages,
        "load_seconds": loaded,
        "summary": {str(span): row for span, row in summaries.items()},
        "export": {str(span): row for span, row in exports.items()},
    }
