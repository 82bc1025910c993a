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


def csv_text(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
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
    return out.getvalue()
