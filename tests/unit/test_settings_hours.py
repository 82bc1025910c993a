"""kefu/settings/hours.py: within_hours over time zones, daylight saving, holidays, dated
exceptions and shifts that run past midnight."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from kefu.settings.hours import within_hours
from kefu.settings.schema import BusinessHours, Settings

WEEKDAYS_9_TO_18 = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def hours(timezone="Asia/Shanghai", weekly=None, holidays=(), exceptions=None):
    return Settings(
        business_hours=BusinessHours(
            timezone=timezone,
            weekly=WEEKDAYS_9_TO_18 if weekly is None else weekly,
            holidays=list(holidays),
            exceptions=[{"date": d, "shifts": s} for d, s in (exceptions or {}).items()],
        )
    )


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_no_business_hours_means_always_within():
    """Without business hours configured every moment is within hours."""
    settings = Settings()
    assert settings.business_hours is None
    for hour in range(0, 24, 5):
        assert within_hours(settings, utc(2026, 12, 27, hour)) is True  # a Sunday too


def test_an_empty_week_is_never_open():
    """Configured hours with no shift at all never open."""
    settings = hours(weekly={})
    assert not any(
        within_hours(settings, utc(2026, 12, 21) + timedelta(hours=h)) for h in range(168)
    )


@pytest.mark.parametrize(
    "moment, expected",
    [
        # Asia/Shanghai is UTC+8 all year: 09:00 local is 01:00 UTC.
        (utc(2026, 12, 21, 0, 59), False),  # Monday 08:59 local
        (utc(2026, 12, 21, 1, 0), True),  # Monday 09:00 local: the start is included
        (utc(2026, 12, 21, 9, 59, 59), True),  # Monday 17:59:59 local
        (utc(2026, 12, 21, 10, 0), False),  # Monday 18:00 local: the end is excluded
        (utc(2026, 12, 19, 3, 0), False),  # Saturday 11:00 local: not in the week
        # Sunday 20:00 UTC is already Monday 04:00 in Shanghai: closed, but Monday.
        (utc(2026, 12, 20, 20, 0), False),
        # Friday 23:30 UTC is Saturday 07:30 in Shanghai.
        (utc(2026, 12, 25, 23, 30), False),
    ],
)
def test_shifts_are_read_in_the_configured_time_zone(moment, expected):
    """Shifts are wall-clock times of the configured zone, not of UTC."""
    assert within_hours(hours(), moment) is expected


def test_an_aware_moment_in_another_zone_is_the_same_instant():
    """A moment given with another offset is converted, not read as local time."""
    new_york_evening = datetime(2026, 12, 20, 20, 30, tzinfo=timezone(timedelta(hours=-5)))
    # 20:30 in New York on Sunday is Monday 09:30 in Shanghai.
    assert within_hours(hours(), new_york_evening) is True


def test_naive_moments_are_utc():
    """A naive datetime is read as UTC (as the database keeps times)."""
    assert within_hours(hours(), datetime(2026, 12, 21, 1, 0)) is True
    assert within_hours(hours(), datetime(2026, 12, 21, 0, 59)) is False


def test_local_hours_hold_across_daylight_saving_in_new_york():
    """09:00–17:00 in America/New_York is 13:00 UTC in summer (EDT) and 14:00 UTC in winter
    (EST): the shift follows the local clock."""
    settings = hours(timezone="America/New_York", weekly={"mon": [["09:00", "17:00"]]})
    # Monday 2026-07-06 (EDT, UTC-4) and Monday 2026-12-07 (EST, UTC-5).
    assert within_hours(settings, utc(2026, 7, 6, 13, 0)) is True
    assert within_hours(settings, utc(2026, 7, 6, 12, 59)) is False
    assert within_hours(settings, utc(2026, 7, 6, 20, 59)) is True
    assert within_hours(settings, utc(2026, 7, 6, 21, 0)) is False
    assert within_hours(settings, utc(2026, 12, 7, 13, 30)) is False
    assert within_hours(settings, utc(2026, 12, 7, 14, 0)) is True
    assert within_hours(settings, utc(2026, 12, 7, 21, 30)) is True
    assert within_hours(settings, utc(2026, 12, 7, 22, 0)) is False


def test_the_days_clocks_change_in_new_york():
    """On the spring-forward Sunday (2026-03-08) 02:00–03:00 local does not exist; on the
    fall-back Sunday (2026-11-01) 01:00–02:00 happens twice, and both are within a shift
    that covers it."""
    settings = hours(timezone="America/New_York", weekly={"sun": [["01:00", "04:00"]]})
    # Spring: 06:59 UTC is 01:59 EST, 07:00 UTC is 03:00 EDT, 08:00 UTC is 04:00 EDT.
    assert within_hours(settings, utc(2026, 3, 8, 6, 59)) is True
    assert within_hours(settings, utc(2026, 3, 8, 7, 0)) is True
    assert within_hours(settings, utc(2026, 3, 8, 8, 0)) is False
    # Fall: 05:30 UTC is 01:30 EDT, 06:30 UTC is 01:30 EST again; 09:00 UTC is 04:00 EST.
    assert within_hours(settings, utc(2026, 11, 1, 5, 30)) is True
    assert within_hours(settings, utc(2026, 11, 1, 6, 30)) is True
    assert within_hours(settings, utc(2026, 11, 1, 8, 59)) is True
    assert within_hours(settings, utc(2026, 11, 1, 9, 0)) is False
    assert within_hours(settings, utc(2026, 11, 1, 4, 59)) is False  # 00:59 EDT


def test_holidays_close_the_whole_local_day():
    """A holiday is a date in the configured zone: closed all that local day."""
    settings = hours(holidays=["2026-12-25"])
    # Friday 2026-12-25 10:00 in Shanghai is 02:00 UTC.
    assert within_hours(settings, utc(2026, 12, 25, 2, 0)) is False
    # The Thursday before and the Monday after are ordinary days.
    assert within_hours(settings, utc(2026, 12, 24, 2, 0)) is True
    assert within_hours(settings, utc(2026, 12, 28, 2, 0)) is True


def test_a_holiday_is_the_local_date_not_the_utc_one():
    """2026-12-24 17:00 UTC is already 2026-12-25 01:00 in Shanghai: the holiday applies
    to a shift that runs then, while in UTC the date is still the 24th."""
    settings = hours(weekly={"fri": [["00:00", "24:00"]]}, holidays=["2026-12-25"])
    assert within_hours(settings, utc(2026, 12, 24, 17, 0)) is False
    open_friday = hours(weekly={"fri": [["00:00", "24:00"]]})
    assert within_hours(open_friday, utc(2026, 12, 24, 17, 0)) is True


@pytest.mark.parametrize(
    "local, expected",
    [
        ((2026, 12, 21, 21, 59), False),  # Monday before the shift
        ((2026, 12, 21, 22, 0), True),  # Monday 22:00: it starts
        ((2026, 12, 21, 23, 59), True),
        ((2026, 12, 22, 0, 0), True),  # Tuesday after midnight: still Monday's shift
        ((2026, 12, 22, 1, 59), True),
        ((2026, 12, 22, 2, 0), False),  # it ends at 02:00
        ((2026, 12, 22, 22, 30), False),  # Tuesday night: no shift starts on Tuesday
        ((2026, 12, 23, 1, 0), False),  # so Wednesday's early hours are closed
        ((2026, 12, 21, 1, 0), True),  # Monday 01:00: Sunday night's shift
    ],
)
def test_a_shift_past_midnight_belongs_to_the_day_it_starts(local, expected):
    """["22:00", "02:00"] on Monday covers Monday 22:00 to Tuesday 02:00."""
    settings = hours(
        timezone="UTC", weekly={"mon": [["22:00", "02:00"]], "sun": [["23:00", "02:00"]]}
    )
    assert within_hours(settings, utc(*local)) is expected


def test_a_holiday_closes_the_night_shift_that_starts_on_it():
    """The shift belongs to its start day: a holiday that day closes it past midnight too,
    and a holiday the next day does not cut a shift that started before it."""
    weekly = {"mon": [["22:00", "02:00"]]}
    on_monday = hours(timezone="UTC", weekly=weekly, holidays=["2026-12-21"])
    assert within_hours(on_monday, utc(2026, 12, 21, 23, 0)) is False
    assert within_hours(on_monday, utc(2026, 12, 22, 1, 0)) is False
    on_tuesday = hours(timezone="UTC", weekly=weekly, holidays=["2026-12-22"])
    assert within_hours(on_tuesday, utc(2026, 12, 21, 23, 0)) is True
    assert within_hours(on_tuesday, utc(2026, 12, 22, 1, 0)) is True


def test_several_shifts_a_day_leave_the_gap_between_closed():
    """A lunch break between two shifts is outside hours; "24:00" ends at midnight."""
    settings = hours(timezone="UTC", weekly={"wed": [["09:00", "12:00"], ["13:00", "24:00"]]})
    assert within_hours(settings, utc(2026, 12, 23, 11, 59)) is True
    assert within_hours(settings, utc(2026, 12, 23, 12, 30)) is False
    assert within_hours(settings, utc(2026, 12, 23, 23, 59, 59)) is True
    assert within_hours(settings, utc(2026, 12, 24, 0, 0)) is False


def test_the_section_alone_is_accepted():
    """within_hours takes the business_hours section as well as the whole settings."""
    section = hours().business_hours
    assert within_hours(section, utc(2026, 12, 21, 1, 0)) is True
    assert within_hours(section, utc(2026, 12, 21, 0, 0)) is False


# --- dated exceptions -------------------------------------------------------------------


def test_an_exception_opens_a_sunday():
    """Sunday 2026-12-20 has hours of its own; the Sundays around it stay closed."""
    settings = hours(exceptions={"2026-12-20": [["10:00", "16:00"]]})
    # Shanghai is UTC+8: Sunday 12:00 local is 04:00 UTC.
    assert within_hours(settings, utc(2026, 12, 20, 4, 0)) is True
    assert within_hours(settings, utc(2026, 12, 20, 1, 30)) is False  # 09:30: not yet
    assert within_hours(settings, utc(2026, 12, 20, 8, 0)) is False  # 16:00: over
    assert within_hours(settings, utc(2026, 12, 13, 4, 0)) is False
    assert within_hours(settings, utc(2026, 12, 27, 4, 0)) is False


def test_an_exception_replaces_the_weekdays_hours():
    """A short Christmas Eve: Thursday 09:00–13:00 instead of 09:00–18:00."""
    settings = hours(exceptions={"2026-12-24": [["09:00", "13:00"]]})
    assert within_hours(settings, utc(2026, 12, 24, 4, 59)) is True  # 12:59 local
    assert within_hours(settings, utc(2026, 12, 24, 5, 0)) is False  # 13:00 local
    assert within_hours(settings, utc(2026, 12, 23, 5, 0)) is True  # the Wednesday before


def test_an_exception_without_shifts_closes_the_day():
    settings = hours(exceptions={"2026-12-24": []})
    assert within_hours(settings, utc(2026, 12, 24, 2, 0)) is False
    assert within_hours(settings, utc(2026, 12, 23, 2, 0)) is True


def test_an_exception_on_a_holiday_wins():
    """A date both a holiday and an exception has the exception's hours."""
    settings = hours(holidays=["2026-12-25"], exceptions={"2026-12-25": [["10:00", "12:00"]]})
    assert within_hours(settings, utc(2026, 12, 25, 2, 30)) is True  # 10:30 local
    assert within_hours(settings, utc(2026, 12, 25, 5, 0)) is False  # 13:00 local
    assert within_hours(settings, utc(2026, 12, 25, 1, 30)) is False  # 09:30 local


def test_an_exception_is_a_local_date():
    """2026-12-19 18:00 UTC is Sunday 2026-12-20 02:00 in Shanghai: the Sunday exception
    holds then, although the UTC date is the Saturday."""
    settings = hours(exceptions={"2026-12-20": [["00:00", "04:00"]]})
    assert within_hours(settings, utc(2026, 12, 19, 18, 0)) is True
    utc_hours = hours(timezone="UTC", exceptions={"2026-12-20": [["00:00", "04:00"]]})
    assert within_hours(utc_hours, utc(2026, 12, 19, 18, 0)) is False


@pytest.mark.parametrize(
    "local, expected",
    [
        ((2026, 12, 31, 22, 0), True),  # New Year's Eve: its own night shift starts
        ((2027, 1, 1, 1, 59), True),  # past midnight, into the holiday
        ((2027, 1, 1, 2, 0), False),
        ((2027, 1, 1, 10, 0), False),  # the holiday itself stays closed
        ((2026, 12, 31, 10, 0), False),  # the Thursday's weekly hours are replaced
    ],
)
def test_an_exceptions_night_shift_runs_into_the_next_day(local, expected):
    """An exception's shift past midnight belongs to its date and runs into the next one,
    even when that one is a holiday."""
    settings = hours(
        timezone="UTC", holidays=["2027-01-01"], exceptions={"2026-12-31": [["22:00", "02:00"]]}
    )
    assert within_hours(settings, utc(*local)) is expected


def test_the_day_befores_night_shift_runs_into_an_exception():
    """Monday's weekly 22:00–02:00 still runs into a Tuesday that has an exception; an
    exception on the Monday itself removes that night shift."""
    weekly = {"mon": [["22:00", "02:00"]]}
    tuesday = hours(timezone="UTC", weekly=weekly, exceptions={"2026-12-22": [["10:00", "12:00"]]})
    assert within_hours(tuesday, utc(2026, 12, 22, 1, 0)) is True
    assert within_hours(tuesday, utc(2026, 12, 22, 11, 0)) is True
    monday = hours(timezone="UTC", weekly=weekly, exceptions={"2026-12-21": [["08:00", "09:00"]]})
    assert within_hours(monday, utc(2026, 12, 21, 23, 0)) is False
    assert within_hours(monday, utc(2026, 12, 22, 1, 0)) is False
    assert within_hours(monday, utc(2026, 12, 21, 8, 30)) is True


def test_exceptions_are_one_per_date_and_sorted():
    """Two exceptions for one date are refused; the others are kept in date order."""
    section = BusinessHours(
        timezone="UTC",
        weekly={},
        exceptions=[
            {"date": "2026-12-31", "shifts": []},
            {"date": "2026-12-24", "shifts": [["09:00", "13:00"]]},
        ],
    )
    assert [e.date for e in section.exceptions] == ["2026-12-24", "2026-12-31"]
    with pytest.raises(ValidationError, match="appears twice"):
        BusinessHours(
            timezone="UTC",
            weekly={},
            exceptions=[{"date": "2026-12-24"}, {"date": "2026-12-24", "shifts": []}],
        )
    for bad in ({"date": "2026-02-30"}, {"date": "2026-12-24", "shifts": [["09:00", "09:00"]]}):
        with pytest.raises(ValidationError):
            BusinessHours(timezone="UTC", weekly={}, exceptions=[bad])
