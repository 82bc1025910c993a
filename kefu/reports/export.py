"""The CSV export: one row per conversation, the same facts the summary is made of."""

import csv
import io

from ..timeutil import isoformat
from .business_time import business_seconds

COLUMNS = (
    "id",
    "created_at",
    "assigned_at",
    "first_response_at",
    "closed_at",
    "agent",
    "skill_group",
    "rating",
    "message_count",
)
# With business_hours=1 (reports/business_time.py), in seconds with one decimal.
BUSINESS_COLUMNS = ("first_response_business_seconds", "resolution_business_seconds")
# A cell starting with one of these is a formula to a spreadsheet: it is quoted as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# Rows written per chunk of the streamed response.
CHUNK_ROWS = 500


def csv_chunks(rows, business_hours=False, schedule=None):
    """The CSV as text chunks of CHUNK_ROWS rows, the header first: the response streams
    them as they are made, never holding the whole file. `business_hours` adds the
    business-time columns, measured on `schedule` (None: no business hours, all time)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS + (BUSINESS_COLUMNS if business_hours else ()))
    for number, row in enumerate(rows, start=1):
        cells = [
            row.id,
            isoformat(row.created_at),
            isoformat(row.assigned_at),
            isoformat(row.first_response_at),
            isoformat(row.closed_at),
            _cell(row.agent_name or ""),
            _cell(row.skill_group or ""),
            "" if row.rating is None else row.rating,
            row.message_count,
        ]
        if business_hours:
            cells += [
                _seconds(business_seconds(schedule, row.first_visitor_at, row.first_response_at)),
                _seconds(business_seconds(schedule, row.created_at, row.closed_at)),
            ]
        writer.writerow(cells)
        if number % CHUNK_ROWS == 0:
            yield _take(out)
    yield _take(out)


def _seconds(value):
    return "" if value is None else round(value, 1)


def _take(out):
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text
