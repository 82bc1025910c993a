"""Business hours: is a moment within them, and how much of a span is (the reports'
business-hours durations)?

The rules (docs/api.md, "Business hours"):
- No business hours configured: always within hours.
- Otherwise the week is what `weekly` lists, in wall-clock time of `timezone` (so a shift
  keeps its local hours across daylight-saving changes). A day missing from `weekly`, or
  with no shifts, is closed; an empty `weekly` is never open.
- A shift ["09:00", "18:00"] holds from its start (included) to its end (excluded);
  "24:00" ends at midnight. A shift whose end is before its start (["22:00", "02:00"])
  runs past midnight and belongs to the day it starts: Monday's ["22:00", "02:00"] covers
  Monday 22:00 to Tuesday 02:00.
- A holiday (a date in `timezone`) closes the shifts that start on that day, including
  their hours past midnight; a shift that started the day before still runs into it.
- An exception gives a date its own shifts instead of its weekday's, holiday or not (none:
  closed). Its shifts follow the same rules: one past midnight runs into the next day,
  and the day before's still runs into it.
"""

from bisect import bisect_right
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .values import WEEKDAYS

DAY_MINUTES = 24 * 60


def _minutes(clock):
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _span(shift):
    """A shift as (start, end) minutes from its day's midnight; past midnight, end > 1440."""
    start, end = _minutes(shift[0]), _minutes(shift[1])
    return start, end if end > start else end + DAY_MINUTES


class Schedule:
    """The business hours of a BusinessHours section as shifts per local date."""

    def __init__(self, hours):
        self.zone = ZoneInfo(hours.timezone)
        self._weekly = {day: [_span(s) for s in shifts] for day, shifts in hours.weekly.items()}
        self._holidays = frozenset(hours.holidays)
        self._exceptions = {e.date: [_span(s) for s in e.shifts] for e in hours.exceptions}

    def shifts_on(self, day):
        """The shifts that start on local date `day`, as (start, end) minutes."""
        key = day.isoformat()
        if key in self._exceptions:
            return self._exceptions[key]
        if key in self._holidays:
            return []
        return self._weekly.get(WEEKDAYS[day.weekday()], [])

    def is_open(self, now):
        """Whether `now` (aware, or naive UTC) falls within a shift."""
        local = _aware(now).astimezone(self.zone)
        today = local.date()
        minute = local.hour * 60 + local.minute
        if any(start <= minute < end for start, end in self.shifts_on(today)):
            return True
        # The day before's shifts past midnight, on the day before's clock.
        yesterday = self.shifts_on(today - timedelta(days=1))
        return any(start <= minute + DAY_MINUTES < end for start, end in yesterday)

    def open_seconds(self, start, end):
        """The seconds between two moments (aware, or naive UTC) that fall within shifts;
        0 when `end` is not after `start`. Overlapping shifts count once."""
        start, end = _aware(start).timestamp(), _aware(end).timestamp()
        return self.timeline(start, end).open_between(start, end)

    def timeline(self, start, end):
        """An OpenTimeline of every shift that overlaps [start, end] (UTC epoch seconds):
        many spans can then be measured against it, each in logarithmic time."""
        first = datetime.fromtimestamp(start, self.zone).date() - timedelta(days=1)
        last = datetime.fromtimestamp(max(start, end), self.zone).date()
        spans = []
        day = first
        while day <= last:
            spans.extend(self._open_on(day))
            day += timedelta(days=1)
        return OpenTimeline(spans)

    def _open_on(self, day):
        """The shifts starting on `day` as UTC epoch seconds (open, close)."""
        midnight = datetime.combine(day, time.min)
        return [
            (self._instant(midnight, start), self._instant(midnight, end))
            for start, end in self.shifts_on(day)
        ]

    def _instant(self, midnight, minutes):
        """The UTC epoch seconds of local wall-clock `midnight + minutes`."""
        wall = midnight + timedelta(minutes=minutes)
        return wall.replace(tzinfo=self.zone).timestamp()


class OpenTimeline:
    """Open spans (UTC epoch seconds) merged where they overlap, with the open seconds
    before each, so the open time of any span is two bisections."""

    def __init__(self, spans):
        self.opens, self.closes, self.before = [], [], []
        total = 0.0
        for opens, closes in sorted(spans):
            if closes <= opens:
                continue
            if self.closes and opens <= self.closes[-1]:  # overlaps the last: extend it
                if closes > self.closes[-1]:
                    total += closes - self.closes[-1]
                    self.closes[-1] = closes
                continue
            self.opens.append(opens)
            self.closes.append(closes)
            self.before.append(total)
            total += closes - opens

    def open_until(self, moment):
        """Open seconds from the timeline's first span to `moment` (epoch seconds)."""
        opens = self.opens
        i = bisect_right(opens, moment) - 1
        if i < 0:
            return 0.0
        close = self.closes[i]
        return self.before[i] + (moment if moment < close else close) - opens[i]

    def open_between(self, start, end):
        """Open seconds between two epoch moments; 0 when `end` is not after `start`."""
        if end <= start:
            return 0.0
        return self.open_until(end) - self.open_until(start)


def _aware(moment):
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def schedule_of(settings):
    """The Schedule of `settings` (the whole Settings or its business_hours section), or
    None when there are no business hours (always open)."""
    hours = getattr(settings, "business_hours", settings)
    return None if hours is None else Schedule(hours)


def within_hours(settings, now):
    """True when `now` (aware, or naive UTC as the database keeps it) falls within the
    business hours of `settings` (the whole Settings or its business_hours section)."""
    schedule = schedule_of(settings)
    return True if schedule is None else schedule.is_open(now)
