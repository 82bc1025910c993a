"""Percentiles of a list of latencies (milliseconds)."""

import math


def percentile(ordered, fraction):
    """Nearest-rank percentile of an ascending list (None when empty)."""
    if not ordered:
        return None
    # round() first: 0.07 * 100 is 7.000000000000001 in floating point.
    rank = max(0, min(len(ordered) - 1, math.ceil(round(fraction * len(ordered), 9)) - 1))
    return ordered[rank]


def summarize(values):
    """{"n", "p50", "p90", "p99", "max"} of latencies in ms, rounded to 0.01 ms."""
    ordered = sorted(values)

    def at(fraction):
        value = percentile(ordered, fraction)
        return None if value is None else round(value, 2)

    return {
        "n": len(ordered),
        "p50": at(0.50),
        "p90": at(0.90),
        "p99": at(0.99),
        "max": round(ordered[-1], 2) if ordered else None,
    }
