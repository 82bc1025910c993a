"""Business seconds between two moments (kefu/settings/hours.py Schedule.open_seconds and
the reports' business_time.py): weekends, holidays, dated exceptions, shifts past midnight,
daylight saving, overlapping shifts, and agreement with within_hours minute by minute."""

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kefu.reports.business_time import business_rows, business_seconds
from kefu.settings.hours import Schedule, within_hours
from kefu.settings.schema import BusinessHours, Settings

OFFICE = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def schedule(timezone="Asia/Shanghai", weekly=None, holidays=(), exceptions=None):
    return Schedule(
        BusinessHours(
            timezone=timezone,
            weekly=OFFICE if weekly is None else weekly,
            holidays=list(holidays),
            exceptions=[{"date": d, "shifts": s} for d, s in (exceptions or {}).items()],
        )
    )


def local(*args, zone=SHANGHAI):
    return datetime(*args, tzinfo=zone)


def test_friday_evening_to_monday_morning_is_ten_minutes():
    """Opened Friday 17:55, answered Monday 09:05, with 09:00–18:00 on weekdays: the five
    minutes before Friday's close and the five after Monday's open."""
    friday, monday = local(2026, 12, 4, 17, 55), local(2026, 12, 7, 9, 5)
    assert schedule().open_seconds(friday, monday) == 600


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ((2026, 12, 7, 10, 0), (2026, 12, 7, 10, 30), 1800),  # within one shift
        ((2026, 12, 7, 7, 0), (2026, 12, 7, 8, 0), 0),  # before opening
        ((2026, 12, 5, 10, 0), (2026, 12, 6, 22, 0), 0),  # a whole weekend
        ((2026, 12, 7, 18, 0), (2026, 12, 8, 9, 0), 0),  # close to open: nothing
        ((2026, 12, 7, 9, 0), (2026, 12, 14, 9, 0), 5 * 9 * 3600),  # a whole week
        ((2026, 12, 7, 12, 0), (2026, 12, 7, 11, 0), 0),  # end before start
    ],
)
def test_spans_of_office_hours(start, end, expected):
    assert schedule().open_seconds(local(*start), local(*end)) == expected


def test_a_holiday_counts_nothing_and_an_exception_its_own_hours():
    """Friday 2026-12-25 is a holiday, Thursday the 24th closes at 13:00, and Sunday the
    27th opens 10:00–12:00: Thursday 12:00 to Monday the 28th 10:00 holds 1 + 2 + 1 hours."""
    hours = schedule(
        holidays=["2026-12-25"],
        exceptions={"2026-12-24": [["09:00", "13:00"]], "2026-12-27": [["10:00", "12:00"]]},
    )
    start, end = local(2026, 12, 24, 12, 0), local(2026, 12, 28, 10, 0)
    assert hours.open_seconds(start, end) == 4 * 3600


def test_an_exception_on_a_holiday_and_a_night_shift_past_midnight():
    """The holiday's exception opens 20:00–02:00: its hours after midnight count on the
    next day, which has no shifts of its own."""
    hours = schedule(
        timezone="UTC",
        weekly={},
        holidays=["2026-12-31"],
        exceptions={"2026-12-31": [["20:00", "02:00"]]},
    )
    start = datetime(2026, 12, 31, 0, 0, tzinfo=UTC)
    assert hours.open_seconds(start, datetime(2027, 1, 2, tzinfo=UTC)) == 6 * 3600
    assert (
        hours.open_seconds(datetime(2027, 1, 1, 1, 0, tzinfo=UTC), start + timedelta(days=3))
        == 3600
    )


def test_overlapping_shifts_count_once():
    hours = schedule(timezone="UTC", weekly={"mon": [["09:00", "12:00"], ["11:00", "13:00"]]})
    monday = datetime(2026, 12, 7, tzinfo=UTC)
    assert hours.open_seconds(monday, monday + timedelta(days=1)) == 4 * 3600


def test_shifts_keep_their_local_hours_across_daylight_saving():
    """The spring-forward Sunday in New York: 01:00–04:00 local is two real hours."""
    zone = ZoneInfo("America/New_York")
    hours = schedule(timezone="America/New_York", weekly={"sun": [["01:00", "04:00"]]})
    day = datetime(2026, 3, 8, tzinfo=zone)
    assert hours.open_seconds(day, day + timedelta(days=1)) == 2 * 3600
    fall = datetime(2026, 11, 1, tzinfo=zone)  # fall-back Sunday: four real hours
    assert hours.open_seconds(fall, fall + timedelta(days=1)) == 4 * 3600


def test_open_seconds_agree_with_within_hours_minute_by_minute():
    """Counting the minutes within_hours calls open gives the same total, for random spans
    over a schedule with night shifts, a holiday and exceptions."""
    section = BusinessHours(
        timezone="Asia/Kathmandu",
        weekly={
            "mon": [["08:00", "12:00"], ["13:30", "17:45"]],
            "wed": [["22:00", "03:00"]],
            "sat": [["00:00", "24:00"]],
        },
        holidays=["2026-12-09"],
        exceptions=[{"date": "2026-12-10", "shifts": [["23:15", "01:00"]]}],
    )
    hours, rng = Schedule(section), random.Random(3)
    origin = datetime(2026, 12, 6, tzinfo=UTC)
    for _ in range(20):
        start = origin + timedelta(minutes=rng.randrange(10 * 1440))
        end = start + timedelta(minutes=rng.randrange(3 * 1440))
        minutes = int((end - start).total_seconds() // 60)
        counted = sum(within_hours(section, start + timedelta(minutes=m)) for m in range(minutes))
        assert hours.open_seconds(start, end) == counted * 60, (start, end)


def test_the_summarys_rows_in_business_time():
    """business_rows swaps first response and resolution for their business seconds and
    drops the first-visitor column; without business hours they stay as they were."""
    created = int(local(2026, 12, 4, 17, 50).timestamp())
    first_visitor = created + 300  # Friday 17:55
    reply = int(local(2026, 12, 7, 9, 5).timestamp()) - first_visitor
    closed = int(local(2026, 12, 7, 10, 0).timestamp()) - created
    row = (created, float(reply), float(closed), 60.0, "closed", False, 3, "Ann", 5, first_visitor)
    settings = Settings(business_hours=BusinessHours(timezone="Asia/Shanghai", weekly=OFFICE))
    measured = business_rows([row], settings)
    assert measured == [(created, 600.0, 70 * 60.0, 60.0, "closed", False, 3, "Ann", 5)]
    unanswered = (created, None, None, None, "open", True, None, None, None, first_visitor)
    assert business_rows([unanswered], settings) == [unanswered[:-1]]
    assert business_rows([row], Settings()) == [row[:-1]]


def test_business_seconds_of_stored_stamps():
    """Naive UTC stamps as stored; None for a missing or backward pair; all the time when
    no business hours are set."""
    start, end = datetime(2026, 12, 4, 9, 55), datetime(2026, 12, 7, 1, 5)  # Shanghai 17:55, 09:05
    assert business_seconds(schedule(), start, end) == 600
    assert business_seconds(None, start, end) == (end - start).total_seconds()
    assert business_seconds(schedule(), None, end) is None
    assert business_seconds(schedule(), end, start) is None
