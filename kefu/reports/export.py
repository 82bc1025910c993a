"""The CSV export: one row per conversation, the same facts the summary is made of."""

import csv
import io

from ..timeutil import isoformat

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
# A cell starting with one of these is a formula to a spreadsheet: it is quoted as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# Rows written per chunk of the streamed response.
CHUNK_ROWS = 500


def csv_chunks(rows):
    """The CSV as text chunks of CHUNK_ROWS rows, the header first: the response streams
    them as they are made, never holding the whole file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for number, row in enumerate(rows, start=1):
        writer.writerow(
            [
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
        )
        if number % CHUNK_ROWS == 0:
            yield _take(out)
    yield _take(out)


def _take(out):
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text
