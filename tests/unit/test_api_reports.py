"""GET /api/reports/summary and export.csv: figures from known timestamps, the period in a
time zone, who may read them, and a CSV that no spreadsheet runs as formulas; on every
engine, since the facts query's SQL differs by dialect."""

import csv
import io
from datetime import datetime, timedelta

from sqlalchemy import update

from kefu.extensions import db
from kefu.models import Conversation, Message
from tests.factories import as_agent, as_visitor, staff_says, visitor_says

from .engines import app_on_every_engine, empty_database  # noqa: F401  (`app` on each engine)
from .rest import bearer, login

DAY = datetime(2026, 12, 1, 1, 0)  # 09:00 in Asia/Shanghai


def conversation(
    visitor, agent, *, start, wait, first_reply, resolve=None, rating=None, note_first=False
):
    """A conversation with exact times: created at `start`, assigned after `wait` s, the
    agent's first reply after `first_reply` s (None: never), closed after `resolve` s."""
    message, _ = visitor_says(as_visitor(visitor), f"v-{visitor.id}", "hello")
    cid = message.conversation_id
    db.session.execute(
        update(Conversation).where(Conversation.id == cid).values(agent_id=agent.id, status="open")
    )
    db.session.commit()
    if note_first:
        staff_says(as_agent(agent), cid, f"n-{cid}", "note", private=True)
    if first_reply is not None:
        staff_says(as_agent(agent), cid, f"a-{cid}", "hi")
    values = {"created_at": start, "agent_id": agent.id, "rating": rating}
    # What the message path stamped when they happened, moved to the known times.
    values["first_visitor_at"] = start
    values["first_response_at"] = (
        None if first_reply is None else start + timedelta(seconds=first_reply)
    )
    values["assigned_at"] = start + timedelta(seconds=wait)
    if resolve is not None:
        values.update(status="closed", closed_at=start + timedelta(seconds=resolve))
    else:
        values.update(status="open")
    db.session.execute(update(Conversation).where(Conversation.id == cid).values(**values))
    db.session.execute(
        update(Message)
        .where(Message.conversation_id == cid, Message.sender_type == "visitor")
        .values(created_at=start)
    )
    if note_first:
        db.session.execute(
            update(Message)
            .where(Message.conversation_id == cid, Message.private.is_(True))
            .values(created_at=start + timedelta(seconds=1))
        )
    if first_reply is not None:
        db.session.execute(
            update(Message)
            .where(
                Message.conversation_id == cid,
                Message.sender_type == "agent",
                Message.private.is_(False),
            )
            .values(created_at=start + timedelta(seconds=first_reply))
        )
    db.session.commit()
    return cid


def test_the_summary(client, make_agent, make_visitor):
    supervisor = make_agent(role="supervisor")
    alice, bob = make_agent(name="Alice"), make_agent(name="Bob")
    conversation(
        make_visitor(),
        alice,
        start=DAY,
        wait=10,
        first_reply=30,
        resolve=600,
        rating=5,
        note_first=True,
    )
    conversation(
        make_visitor(),
        alice,
        start=DAY + timedelta(hours=2),
        wait=20,
        first_reply=60,
        resolve=1200,
        rating=3,
    )
    conversation(
        make_visitor(), bob, start=DAY + timedelta(days=1), wait=40, first_reply=None, resolve=300
    )
    conversation(
        make_visitor(), bob, start=DAY + timedelta(days=9), wait=5, first_reply=5
    )  # outside

    token = login(client, supervisor).get_json()["access_token"]
    answer = client.get(
        "/api/reports/summary?from=2026-12-01&to=2026-12-03&tz=Asia/Shanghai", headers=bearer(token)
    )
    assert answer.status_code == 200, answer.get_json()
    report = answer.get_json()
    assert report["conversations"] == 3
    assert report["first_response_seconds"] == {
        "median": 45.0,
        "p90": 60.0,
    }  # the note does not count
    assert report["resolution_seconds"] == {"median": 600.0, "p90": 1200.0}
    assert report["queue_wait_seconds"] == {"median": 20.0, "p90": 40.0}
    assert report["csat"] == {
        "average": 4.0,
        "count": 2,
        "distribution": {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1},
    }
    assert report["missed"] == 1
    assert [d["conversations"] for d in report["per_day"]] == [2, 1, 0]
    assert report["per_day"][0] == {
        "date": "2026-12-01",
        "conversations": 2,
        "first_response_median": 45.0,
        "resolution_median": 900.0,
        "queue_wait_median": 15.0,
        "csat_average": 4.0,
        "csat_count": 2,
    }
    assert report["per_day"][2]["csat_average"] is None and report["per_day"][2]["csat_count"] == 0
    alice_row = report["per_agent"][0]
    assert alice_row["agent"]["name"] == "Alice" and alice_row["conversations"] == 2
    assert alice_row["csat_average"] == 4.0 and alice_row["resolution_median"] == 900.0
    assert alice_row["csat_count"] == 2
    # 09:00 and 11:00 on Tuesday 1 December, 09:00 on Wednesday, Shanghai time
    assert report["per_hour"] == [[1, 9, 1], [1, 11, 1], [2, 9, 1]]

    in_utc = client.get("/api/reports/summary?from=2026-12-01&to=2026-12-01", headers=bearer(token))
    assert in_utc.get_json()["conversations"] == 2

    only_bob = client.get(
        f"/api/reports/summary?from=2026-12-01&to=2026-12-31&agent_id={bob.id}",
        headers=bearer(token),
    ).get_json()
    assert only_bob["conversations"] == 2 and only_bob["missed"] == 1


def test_the_export(client, make_agent, make_visitor):
    admin = make_agent(role="admin")
    tricky = make_agent(name='=HYPERLINK("http://evil")')
    cid = conversation(
        make_visitor(), tricky, start=DAY, wait=3, first_reply=9, resolve=60, rating=4
    )
    token = login(client, admin).get_json()["access_token"]
    answer = client.get(
        "/api/reports/export.csv?from=2026-12-01&to=2026-12-01", headers=bearer(token)
    )
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(cid) and row["rating"] == "4" and row["message_count"] == "2"
    assert row["first_response_at"] == "2026-12-01T01:00:09.000Z"
    assert row["agent"].startswith("'=")  # text, not a formula


def test_who_may_read_reports(client, make_agent):
    agent = make_agent()
    token = login(client, agent).get_json()["access_token"]
    assert client.get("/api/reports/summary", headers=bearer(token)).status_code == 403
    assert client.get("/api/reports/summary").status_code == 401


def test_bad_report_filters(client, make_agent):
    token = login(client, make_agent(role="admin")).get_json()["access_token"]
    for query in (
        "tz=Mars/Base",
        "from=2026-12-05&to=2026-12-01",
        "from=2024-01-01&to=2026-01-01",
        "to=12/01",
    ):
        answer = client.get(f"/api/reports/summary?{query}", headers=bearer(token))
        assert answer.status_code == 400, query
        assert answer.get_json()["error"]["code"] == "invalid_field"
    empty = client.get("/api/reports/summary", headers=bearer(token)).get_json()
    assert empty["conversations"] == 0 and len(empty["per_day"]) == 7
    assert empty["first_response_seconds"] == {"median": None, "p90": None}


def test_the_export_is_made_in_chunks_of_rows():
    from kefu.reports.export import CHUNK_ROWS, csv_chunks
    from kefu.reports.facts import ConversationFacts

    at = datetime(2026, 12, 1, 1, 0, 0)
    rows = (
        ConversationFacts(n, at, None, None, None, None, "queued", None, None, None, None, 1)
        for n in range(1, 2 * CHUNK_ROWS + 2)
    )
    chunks = list(csv_chunks(rows))
    assert len(chunks) == 3  # header + 500 rows, 500 rows, the last row
    lines = "".join(chunks).splitlines()
    assert lines[0].startswith("id,created_at") and len(lines) == 2 * CHUNK_ROWS + 2
    assert chunks[2] == "1001,2026-12-01T01:00:00.000Z,,,,,,,1\r\n"


def test_local_times_match_the_zone_across_dst_and_odd_offsets():
    import random
    from zoneinfo import ZoneInfo

    from kefu.reports.summary import LocalTimes

    rng = random.Random(7)
    start = datetime(2025, 12, 5)
    for name in ("America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Asia/Shanghai"):
        zone, local = ZoneInfo(name), LocalTimes(ZoneInfo(name))
        for _ in range(20_000):
            stored = start + timedelta(seconds=rng.randrange(365 * 86400))
            expected = stored.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
            seconds = int(stored.replace(tzinfo=ZoneInfo("UTC")).timestamp())
            wanted = (expected.date(), expected.weekday(), expected.hour)
            assert local(seconds) == wanted, (name, stored)
