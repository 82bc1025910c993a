"""bench.stats: nearest-rank percentiles and the latency summary."""

import pytest

from bench.stats import percentile, summarize

ONE_TO_HUNDRED = list(range(1, 101))


def test_percentile_of_nothing_is_none():
    assert percentile([], 0.5) is None


@pytest.mark.parametrize("fraction", [0.0, 0.5, 0.99, 1.0])
def test_percentile_of_one_value_is_that_value(fraction):
    assert percentile([7.5], fraction) == 7.5


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (0.0, 1),
        (0.5, 50),
        (0.9, 90),
        (0.995, 100),
        (1.0, 100),
        # p·n an odd whole number: round-half-to-even once took the next value here
        (0.01, 1),
        (0.25, 25),
        (0.99, 99),
        (0.07, 7),
    ],
)
def test_percentile_is_nearest_rank(fraction, expected):
    assert percentile(ONE_TO_HUNDRED, fraction) == expected


def test_summarize_nothing():
    assert summarize([]) == {"n": 0, "p50": None, "p90": None, "p99": None, "max": None}


def test_summarize_one_value_rounds_to_hundredths():
    assert summarize([3.14159]) == {"n": 1, "p50": 3.14, "p90": 3.14, "p99": 3.14, "max": 3.14}


def test_summarize_sorts_its_input():
    summary = summarize(ONE_TO_HUNDRED[50:] + ONE_TO_HUNDRED[:50])
    assert (summary["n"], summary["p50"], summary["p90"], summary["max"]) == (100, 50, 90, 100)


def test_summarize_p99_of_one_to_hundred():
    assert summarize(ONE_TO_HUNDRED)["p99"] == 99
