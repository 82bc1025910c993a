"""The summary's figures from conversation facts (PROTOCOL.md section 8).

First response: the first visitor message to the first agent reply (notes do not count).
Resolution: creation to close. Queue wait: creation to assignment. Missed: closed without
any agent reply. Medians and 90th percentiles by nearest rank, in seconds.

Each conversation's durations and local time are worked out once (`Timed`), then grouped by
day, agent and hour: a year of a busy team is 100,000 rows.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..models import STATUS_CLOSED
from .facts import ConversationFacts


def _seconds(start, end):
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds()


def first_response(facts):
    return _seconds(facts.first_visitor_at, facts.first_response_at)


def resolution(facts):
    return _seconds(facts.created_at, facts.closed_at)


def queue_wait(facts):
    return _seconds(facts.created_at, facts.assigned_at)


@dataclass(frozen=True, slots=True)
class Timed:
    """One conversation's facts with its durations and its creation in the report's zone
    (wall-clock, naive)."""

    facts: ConversationFacts
    local: datetime
    first_response: float | None
    resolution: float | None
    queue_wait: float | None
    rating: int | None


class LocalTimes:
    """Stored (naive UTC) times as wall-clock times in the report's zone (naive: the day,
    weekday and hour are all a report asks), the offset looked up once per UTC hour: a year
    is 100,000 conversations but under 9,000 hours. An hour in which the offset changes (a
    DST switch) is converted time by time."""

    def __init__(self, zone):
        self.zone = zone
        self.offsets = {}

    def _offset(self, moment):
        return moment.replace(tzinfo=UTC).astimezone(self.zone).utcoffset()

    def __call__(self, stored):
        hour = stored.replace(minute=0, second=0, microsecond=0)
        offset = self.offsets.get(hour, False)
        if offset is False:
            start, end = self._offset(hour), self._offset(hour + timedelta(hours=1))
            offset = self.offsets[hour] = start if start == end else None
        if offset is None:
            return stored.replace(tzinfo=UTC).astimezone(self.zone).replace(tzinfo=None)
        return stored + offset


def timed(rows, period):
    local = LocalTimes(period.zone)
    return [
        Timed(
            row,
            local(row.created_at),
            first_response(row),
            resolution(row),
            queue_wait(row),
            row.rating,
        )
        for row in rows
    ]


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def p90(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    return round(values[math.ceil(0.9 * len(values)) - 1], 1)


def spread(values):
    values = list(values)
    return {"median": median(values), "p90": p90(values)}


def csat_average(rows):
    ratings = [r.rating for r in rows if r.rating is not None]
    return round(sum(ratings) / len(ratings), 2) if ratings else None


def csat_count(rows):
    return sum(1 for r in rows if r.rating is not None)


def csat_distribution(rows):
    """{"1": n, …, "5": n}: how many ratings of each score."""
    counts = {str(score): 0 for score in range(1, 6)}
    for row in rows:
        if row.rating is not None:
            counts[str(row.rating)] += 1
    return counts


def summarize(rows, period):
    items = timed(rows, period)
    return {
        "from": period.first_day.isoformat(),
        "to": period.last_day.isoformat(),
        "tz": period.zone.key,
        "conversations": len(items),
        "first_response_seconds": spread(t.first_response for t in items),
        "resolution_seconds": spread(t.resolution for t in items),
        "queue_wait_seconds": spread(t.queue_wait for t in items),
        "csat": {
            "average": csat_average(items),
            "count": csat_count(items),
            "distribution": csat_distribution(items),
        },
        "missed": sum(1 for r in rows if r.status == STATUS_CLOSED and r.first_response_at is None),
        "per_day": per_day(items, period),
        "per_agent": per_agent(items),
        "per_hour": per_hour(items),
    }


def per_day(items, period):
    """Every day of the period, in order, with no gaps (a chart's x axis)."""
    by_day = defaultdict(list)
    for item in items:
        by_day[item.local.date()].append(item)
    days, day = [], period.first_day
    while day <= period.last_day:
        of_day = by_day.get(day, [])
        days.append(
            {
                "date": day.isoformat(),
                "conversations": len(of_day),
                "first_response_median": median(t.first_response for t in of_day),
                "resolution_median": median(t.resolution for t in of_day),
                "queue_wait_median": median(t.queue_wait for t in of_day),
                "csat_average": csat_average(of_day),
                "csat_count": csat_count(of_day),
            }
        )
        day = day.fromordinal(day.toordinal() + 1)
    return days


def per_agent(items):
    by_agent = defaultdict(list)
    for item in items:
        if item.facts.agent_id is not None:
            by_agent[(item.facts.agent_id, item.facts.agent_name)].append(item)
    return [
        {
            "agent": {"id": agent_id, "name": name},
            "conversations": len(of_agent),
            "first_response_median": median(t.first_response for t in of_agent),
            "resolution_median": median(t.resolution for t in of_agent),
            "csat_average": csat_average(of_agent),
            "csat_count": csat_count(of_agent),
        }
        for (agent_id, name), of_agent in sorted(
            by_agent.items(), key=lambda item: (-len(item[1]), item[0][0])
        )
    ]


def per_hour(items):
    """[[weekday (0 = Monday), hour, conversations]] for the hours that had any, local."""
    counts = defaultdict(int)
    for item in items:
        counts[(item.local.weekday(), item.local.hour)] += 1
    return [[weekday, hour, n] for (weekday, hour), n in sorted(counts.items())]
