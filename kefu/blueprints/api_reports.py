"""Reports for supervisors and admins (PROTOCOL.md section 8)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, current_app, jsonify, request, stream_with_context

from ..errors import InvalidPayload
from ..reports.business_time import business_rows
from ..reports.export import csv_chunks
from ..reports.facts import MAX_DAYS, Period, iter_conversation_facts, summary_rows
from ..reports.summary import summarize
from ..settings.hours import schedule_of
from ..settings.store import current_settings
from .common import day_arg, documented, int_arg, requires

bp = Blueprint("api_reports", __name__, url_prefix="/api/reports")

READERS = ("supervisor", "admin")
FILTERS = ("from", "to", "tz", "agent_id", "skill_group", "business_hours")
DEFAULT_DAYS = 7


@bp.get("/summary")
@requires("agent", roles=READERS)
@documented(query=FILTERS)
def summary():
    """Conversations, response and resolution times, queue waits, CSAT and missed chats of
    the days `from`..`to` (inclusive, in `tz`; default the last 7 days, UTC).

    `business_hours=1`: first response and resolution count only the seconds within the
    configured business hours (the answer says `"business_hours": true`).
    """
    period, agent_id, skill_group = _filters()
    business = _business_hours_flag()
    if business:
        rows = summary_rows(period, agent_id, skill_group, with_first_visitor=True)
        rows = business_rows(rows, current_settings())
    else:
        rows = summary_rows(period, agent_id, skill_group)
    return jsonify({**summarize(rows, period), "business_hours": business})


@bp.get("/export.csv")
@requires("agent", roles=READERS)
@documented(query=FILTERS, content_type="text/csv")
def export():
    """The same conversations as CSV, one row each, streamed as it is read.

    `business_hours=1` adds the columns first_response_business_seconds and
    resolution_business_seconds.
    """
    period, agent_id, skill_group = _filters()
    business = _business_hours_flag()
    rows = iter_conversation_facts(period, agent_id, skill_group)
    schedule = schedule_of(current_settings()) if business else None
    chunks = csv_chunks(rows, business_hours=business, schedule=schedule)
    response = current_app.response_class(
        stream_with_context(chunks), content_type="text/csv; charset=utf-8"
    )
    name = f"kefu-conversations-{period.first_day}-{period.last_day}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _filters():
    zone = _zone(request.args.get("tz") or "UTC")
    today = datetime.now(zone).date()
    last_day = day_arg("to", today)
    first_day = day_arg("from", last_day - timedelta(days=DEFAULT_DAYS - 1))
    if first_day > last_day:
        raise InvalidPayload("'from' must not be after 'to'.", code="invalid_field")
    if (last_day - first_day).days >= MAX_DAYS:
        raise InvalidPayload(f"A report covers at most {MAX_DAYS} days.", code="invalid_field")
    skill_group = request.args.get("skill_group") or None
    return Period(first_day, last_day, zone), int_arg("agent_id", None), skill_group


def _business_hours_flag():
    raw = request.args.get("business_hours", "")
    if raw not in ("", "0", "1", "true", "false"):
        raise InvalidPayload("'business_hours' must be 1 or 0.", code="invalid_field")
    return raw in ("1", "true")


def _zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidPayload(f"'tz': no time zone named {name!r}.", code="invalid_field") from None
