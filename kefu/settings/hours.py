"""Business hours: is a moment within them?

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
"""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from .schema import WEEKDAYS


def _minutes(clock):
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def within_hours(settings, now):
    """True when `now` (aware, or naive UTC as the database keeps it) falls within the
    business hours of `settings` (the whole Settings or its business_hours section)."""
    hours = getattr(settings, "business_hours", settings)
    if hours is None:
        return True
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    local = now.astimezone(ZoneInfo(hours.timezone))
    today = local.date()
    minute = local.hour * 60 + local.minute
    holidays = set(hours.holidays)
    yesterday = today - timedelta(days=1)

    if today.isoformat() not in holidays:
        for start, end in hours.weekly.get(WEEKDAYS[today.weekday()], ()):
            start, end = _minutes(start), _minutes(end)
            if start < end and start <= minute < end:
                return True
            if end < start and minute >= start:  # runs past midnight: its first part
                return True
    if yesterday.isoformat() not in holidays:
        for start, end in hours.weekly.get(WEEKDAYS[yesterday.weekday()], ()):
            start, end = _minutes(start), _minutes(end)
            if end < start and minute < end:  # yesterday's shift, after midnight
                return True
    return False
