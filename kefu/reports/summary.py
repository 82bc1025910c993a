"""The summary's figures from conversation facts (PROTOCOL.md section 8).

First response: the first visitor message to the first agent reply (notes do not count).
Resolution: creation to close. Queue wait: creation to assignment. Missed: closed without
any agent reply. Medians and 90th percentiles by nearest rank, in seconds.
"""

import math
import statistics
from collections import defaultdict

from ..models import STATUS_CLOSED


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
    return {
        "from": period.first_day.isoformat(),
        "to": period.last_day.isoformat(),
        "tz": period.zone.key,
        "conversations": len(rows),
        "first_response_seconds": spread(first_response(r) for r in rows),
        "resolution_seconds": spread(resolution(r) for r in rows),
        "queue_wait_seconds": spread(queue_wait(r) for r in rows),
        "csat": {
            "average": csat_average(rows),
            "count": csat_count(rows),
            "distribution": csat_distribution(rows),
        },
        "missed": sum(1 for r in rows if r.status == STATUS_CLOSED and r.first_response_at is None),
        "per_day": per_day(rows, period),
        "per_agent": per_agent(rows),
        "per_hour": per_hour(rows, period),
    }


def per_day(rows, period):
    """Every day of the period, in order, with no gaps (a chart's x axis)."""
    by_day = defaultdict(list)
    for row in rows:
        by_day[period.local(row.created_at).date()].append(row)
    days, day = [], period.first_day
    while day <= period.last_day:
        of_day = by_day.get(day, [])
        days.append(
            {
                "date": day.isoformat(),
                "conversations": len(of_day),
                "first_response_median": median(first_response(r) for r in of_day),
                "resolution_median": median(resolution(r) for r in of_day),
                "queue_wait_median": median(queue_wait(r) for r in of_day),
                "csat_average": csat_average(of_day),
                "csat_count": csat_count(of_day),
            }
        )
        day = day.fromordinal(day.toordinal() + 1)
    return days


def per_agent(rows):
    by_agent = defaultdict(list)
    for row in rows:
        if row.agent_id is not None:
            by_agent[(row.agent_id, row.agent_name)].append(row)
    return [
        {
            "agent": {"id": agent_id, "name": name},
            "conversations": len(of_agent),
            "first_response_median": median(first_response(r) for r in of_agent),
            "resolution_median": median(resolution(r) for r in of_agent),
            "csat_average": csat_average(of_agent),
            "csat_count": csat_count(of_agent),
        }
        for (agent_id, name), of_agent in sorted(
            by_agent.items(), key=lambda item: (-len(item[1]), item[0][0])
        )
    ]


def per_hour(rows, period):
    """[[weekday (0 = Monday), hour, conversations]] for the hours that had any, local."""
    counts = defaultdict(int)
    for row in rows:
        local = period.local(row.created_at)
        counts[(local.weekday(), local.hour)] += 1
    return [[weekday, hour, n] for (weekday, hour), n in sorted(counts.items())]
