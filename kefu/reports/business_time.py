"""The business-hours variants of first response and resolution (`business_hours=1` on the
summary and the export): only the seconds within the configured business hours count
between the two stamps, in the business hours' own time zone, with their holidays and
dated exceptions (kefu/settings/hours.py). A chat opened Friday 17:55 and answered Monday
09:05, with 09:00–18:00 on weekdays, took 10 minutes of business time.

Without business hours configured every moment is within them, so the variants equal the
plain durations. The summary's rows already carry the durations and the start stamps as
epoch seconds; one timeline of the open spans they cover measures them all."""

from ..settings.hours import schedule_of


def business_rows(rows, settings):
    """facts.summary_rows(…, with_first_visitor=True) as plain summary rows whose first
    response and resolution count business seconds only."""
    schedule = schedule_of(settings)
    if schedule is None or not rows:
        return [row[:-1] for row in rows]
    # A year is 100,000 rows: the loop calls nothing but open_until (durations are >= 0).
    until = schedule.timeline(*_reach(rows)).open_until
    measured = []
    for created, first, resolved, waited, status, unanswered, agent, name, rating, visitor in rows:
        if first is not None and visitor is not None:
            first = until(visitor + first) - until(visitor)
        if resolved is not None:
            resolved = until(created + resolved) - until(created)
        measured.append((created, first, resolved, waited, status, unanswered, agent, name, rating))
    return measured


def _reach(rows):
    """The first and last moment any of the rows' spans touches (epoch seconds)."""
    first = min(row[0] if row[-1] is None else min(row[0], row[-1]) for row in rows)
    last = max(
        max(
            row[0] + (row[2] or 0.0),
            row[0] if row[-1] is None else row[-1] + (row[1] or 0.0),
        )
        for row in rows
    )
    return first, last


def business_seconds(schedule, start, end):
    """Business seconds between two stored (naive UTC) stamps, None when either is missing
    or `end` is before `start`; all of them without business hours (schedule None)."""
    if start is None or end is None or end < start:
        return None
    if schedule is None:
        return (end - start).total_seconds()
    return schedule.open_seconds(start, end)
