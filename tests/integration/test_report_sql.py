"""The summary's durations and local times worked out by each database (reports/sql_time.py)
agree with Python's arithmetic on the same stamps, on SQLite, PostgreSQL and MariaDB."""

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from config import normalize_database_url
from kefu.extensions import db
from kefu.models import Conversation, Visitor
from kefu.reports.facts import Period, iter_conversation_facts, summary_rows
from kefu.reports.summary import LocalTimes

from .. import conftest
from .databases import KINDS, provisioned

pytestmark = pytest.mark.integration

START = datetime(2026, 3, 1)


def stamps(rng):
    """Creation, then assignment, first visitor message, reply and close, some missing, one
    stepping back (no duration), with microseconds."""
    created = START + timedelta(
        seconds=rng.randrange(180 * 86400), microseconds=rng.randrange(10**6)
    )
    later = lambda: created + timedelta(seconds=rng.uniform(0, 7200))  # noqa: E731
    first_visitor = later()
    reply = first_visitor + timedelta(seconds=rng.uniform(0.001, 900))
    return {
        "created_at": created,
        "assigned_at": later() if rng.random() < 0.9 else None,
        "first_visitor_at": first_visitor,
        "first_response_at": reply if rng.random() < 0.8 else None,
        "closed_at": (created - timedelta(seconds=5)) if rng.random() < 0.05 else later(),
    }


def expected_seconds(start, end):
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds()


@pytest.mark.parametrize("kind", KINDS)
def test_durations_and_local_times_match_python(kind, tmp_path):
    rng = random.Random(11)
    with provisioned(kind, tmp_path) as database:
        for app in conftest.testing_app(normalize_database_url(database.url)):
            with app.app_context():
                for n in range(300):
                    db.session.add(Visitor(id=f"v{n}"))
                    db.session.add(Conversation(visitor_id=f"v{n}", status="closed", **stamps(rng)))
                db.session.commit()
                zone = ZoneInfo("Asia/Kathmandu")
                period = Period(START.date(), (START + timedelta(days=200)).date(), zone)
                facts = {f.id: f for f in iter_conversation_facts(period)}
                rows = summary_rows(period)
    assert len(rows) == len(facts) == 300
    local = LocalTimes(zone)
    by_created = {f.created_at.replace(microsecond=0): f for f in facts.values()}
    for created, first, resolved, waited, _status, unanswered, *_ in rows:
        fact = by_created[datetime.fromtimestamp(created, UTC).replace(tzinfo=None)]
        for got, start, end in (
            (first, fact.first_visitor_at, fact.first_response_at),
            (resolved, fact.created_at, fact.closed_at),
            (waited, fact.created_at, fact.assigned_at),
        ):
            wanted = expected_seconds(start, end)
            assert (got is None) == (wanted is None), (kind, got, wanted)
            if wanted is not None:
                assert abs(got - wanted) < 0.002, (kind, got, wanted)
        assert bool(unanswered) == (fact.first_response_at is None)
        moment = fact.created_at.replace(tzinfo=UTC).astimezone(zone)
        assert local(created) == (moment.date(), moment.weekday(), moment.hour)
