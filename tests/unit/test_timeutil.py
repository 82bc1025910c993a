"""Timestamps as the contract writes them: ISO 8601, UTC, milliseconds, a Z."""

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from kefu.timeutil import isoformat

stored = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 12, 31))


@given(stored)
def test_milliseconds_truncated_with_a_z(value):
    expected = value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    assert isoformat(value) == expected


def test_examples_and_none():
    assert isoformat(datetime(2026, 11, 26, 8, 0, 0, 123999)) == "2026-11-26T08:00:00.123Z"
    assert isoformat(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05.000Z"
    assert isoformat(None) is None
