"""The summary's figures (PROTOCOL.md section 8) from one row per conversation.

First response: the first visitor message to the first agent reply (notes do not count).
Resolution: creation to close. Queue wait: creation to assignment. Missed: closed without
any agent reply. Medians and 90th percentiles by nearest rank, in seconds.

The database works out each conversation's durations and its creation in epoch seconds
(facts.summary_rows); here each row gets its local day, weekday and hour once (`Timed`),
then rows are grouped by day, agent and hour: a year of a busy team is 100,000 rows.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ..models import STATUS_CLOSED

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday is 0)


@dataclass(frozen=True, slots=True)
class Timed:
    """One conversation: its local day, weekday and hour in the report's zone, durations."""

    day: date
    weekday: int
    hour: int
    first_response: float | None
    resolution: float | None
    queue_wait: float | None
    rating: int | None
    agent_id: int | None
    agent_name: str | None
    missed: bool


class LocalTimes:
    """Epoch seconds (UTC) as (local day, weekday, hour) in the report's zone. The offset is
    looked up once per UTC hour (a year is 100,000 conversations but under 9,000 hours);
    in an hour in which the offset changes (a DST switch) each moment is converted alone.
    Works for offsets that are not whole hours (Kathmandu, Lord Howe)."""

    def __init__(self, zone):
        self.zone = zone
        self.offsets = {}
        self.days = {}

    def _offset(self, seconds):
        moment = datetime.fromtimestamp(seconds, UTC).astimezone(self.zone)
        return int(moment.utcoffset().total_seconds())

    def __call__(self, seconds):
        hour = seconds // 3600
        offset = self.offsets.get(hour, False)
        if offset is False:
            start, end = self._offset(hour * 3600), self._offset(hour * 3600 + 3599)
            offset = self.offsets[hour] = start if start == end else None
        local = seconds + (offset if offset is not None else self._offset(seconds))
        day_number, within = divmod(local, 86400)
        day = self.days.get(day_number)
        if day is None:
            day = self.days[day_number] = date.fromordinal(EPOCH_ORDINAL + day_number)
        return day, (day_number + EPOCH_WEEKDAY) % 7, within // 3600


def timed(rows, period):
    """Timed items of facts.summary_rows."""
    local = LocalTimes(period.zone)
    items = []
    for created, first, resolved, waited, status, unanswered, agent_id, name, rating in rows:
        day, weekday, hour = local(created)
        missed = status == STATUS_CLOSED and bool(unanswered)
        items.append(
            Timed(day, weekday, hour, first, resolved, waited, rating, agent_id, name, missed)
        )
    return items


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
        "missed": sum(1 for t in items if t.missed),
        "per_day": per_day(items, period),
        "per_agent": per_agent(items),
        "per_hour": per_hour(items),
    }


def per_day(items, period):
    """Every day of the period, in order, with no gaps (a chart's x axis)."""
    by_day = defaultdict(list)
    for item in items:
        by_day[item.day].append(item)
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
        if item.agent_id is not None:
            by_agent[(item.agent_id, item.agent_name)].append(item)
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
        counts[(item.weekday, item.hour)] += 1
    return [[weekday, hour, n] for (weekday, hour), n in sorted(counts.items())]
