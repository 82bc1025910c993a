"""GET /api/reports/summary and export.csv with business_hours=1: first response and
resolution count only the seconds within the configured business hours, on every engine
(the summary's SQL differs by dialect)."""

import csv
import io
from datetime import datetime

from kefu.schemas import parse
from kefu.settings import update_settings
from kefu.settings.schema import SettingsPatch

from .engines import app_on_every_engine, empty_database  # noqa: F401  (`app` on each engine)
from .rest import bearer, login
from .test_api_reports import conversation

FRIDAY_17_55 = datetime(2026, 12, 4, 9, 55)  # in Asia/Shanghai (UTC+8)
# To Monday 09:05 local: 2 days 15 h 10 min of clock, 10 minutes of business.
REPLY_AFTER = (2 * 24 + 15) * 3600 + 10 * 60
CLOSED_AFTER = REPLY_AFTER + 55 * 60  # Monday 10:00 local: 1 h 5 min of business
OFFICE = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
QUERY = "from=2026-12-01&to=2026-12-31&tz=Asia/Shanghai"


def test_the_summary_in_business_hours(client, make_agent, make_visitor):
    """The toggle changes first response and resolution (cards, per day, per agent) and
    says it is on; queue wait and the rest stay clock time."""
    update_settings(
        None,
        parse(SettingsPatch, {"business_hours": {"timezone": "Asia/Shanghai", "weekly": OFFICE}}),
    )
    ann = make_agent(name="Ann")
    conversation(
        make_visitor(), ann, start=FRIDAY_17_55, wait=90, first_reply=REPLY_AFTER,
        resolve=CLOSED_AFTER,
    )  # fmt: skip
    token = bearer(login(client, make_agent(role="supervisor")).get_json()["access_token"])

    plain = client.get(f"/api/reports/summary?{QUERY}", headers=token).get_json()
    assert plain["business_hours"] is False
    assert plain["first_response_seconds"]["median"] == REPLY_AFTER

    business = client.get(f"/api/reports/summary?{QUERY}&business_hours=1", headers=token)
    assert business.status_code == 200
    body = business.get_json()
    assert body["business_hours"] is True
    assert body["first_response_seconds"] == {"median": 600, "p90": 600}
    assert body["resolution_seconds"] == {"median": 65 * 60, "p90": 65 * 60}
    assert body["queue_wait_seconds"] == plain["queue_wait_seconds"]
    friday = next(d for d in body["per_day"] if d["date"] == "2026-12-04")
    assert friday["first_response_median"] == 600
    assert body["per_agent"][0]["resolution_median"] == 65 * 60
    assert body["conversations"] == plain["conversations"] == 1

    export = client.get(f"/api/reports/export.csv?{QUERY}&business_hours=1", headers=token)
    (row,) = csv.DictReader(io.StringIO(export.text))
    assert row["first_response_business_seconds"] == "600.0"
    assert row["resolution_business_seconds"] == "3900.0"
    plain_export = client.get(f"/api/reports/export.csv?{QUERY}", headers=token).text
    assert "business" not in plain_export.splitlines()[0]


def test_without_business_hours_the_toggle_changes_nothing(client, make_agent, make_visitor):
    """No business hours set: always within them, so the figures are the clock's."""
    ann = make_agent(name="Ann")
    conversation(make_visitor(), ann, start=FRIDAY_17_55, wait=5, first_reply=120, resolve=3600)
    token = bearer(login(client, make_agent(role="admin")).get_json()["access_token"])
    plain = client.get(f"/api/reports/summary?{QUERY}", headers=token).get_json()
    business = client.get(f"/api/reports/summary?{QUERY}&business_hours=1", headers=token)
    body = business.get_json()
    assert body["business_hours"] is True
    for figure in ("first_response_seconds", "resolution_seconds", "per_day", "per_agent"):
        assert body[figure] == plain[figure], figure


def test_a_bad_toggle_is_refused(client, make_agent):
    token = bearer(login(client, make_agent(role="admin")).get_json()["access_token"])
    for value in ("yes", "2", "on"):
        answer = client.get(f"/api/reports/summary?business_hours={value}", headers=token)
        assert answer.status_code == 400
        assert answer.get_json()["error"]["code"] == "invalid_field"
