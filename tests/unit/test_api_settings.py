"""REST of blueprints/api_settings.py: GET/PATCH /api/settings (admin only) and the audit
entries its changes write."""

import pytest
from sqlalchemy import select

from kefu.extensions import db
from kefu.models import AuditEntry, Setting
from kefu.settings import current_settings

from .rest import bearer, count, login

DEFAULTS = {
    "widget": {
        "color": "#2563eb",
        "position": "right",
        "welcome_message": "",
        "offline_message": "",
        "reply_time": None,
        "prechat": {"enabled": False, "fields": []},
        "skill_groups": [],
    },
    "business_hours": None,
    "allowed_origins": [],
    "auto_close_minutes": None,
    "workspace": {"agents_see_all_open": False},
}
HOURS = {
    "timezone": "Asia/Shanghai",
    "weekly": {"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]]},
    "holidays": ["2026-12-25"],
}


@pytest.fixture
def admin_headers(client, make_agent):
    return bearer(login(client, make_agent(role="admin")).get_json()["access_token"])


def stored_rows():
    return {row.key: row.value for row in db.session.scalars(select(Setting))}


def settings_audit():
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "settings.updated")
            .order_by(AuditEntry.id)
        )
    )


def test_defaults_when_nothing_is_stored(client, admin_headers):
    """An empty settings table answers the defaults."""
    response = client.get("/api/settings", headers=admin_headers)
    assert response.status_code == 200
    assert response.get_json() == DEFAULTS
    assert stored_rows() == {}


def test_patch_changes_only_what_it_names(client, admin_headers):
    """A partial body changes the fields it names and keeps every other one."""
    first = client.patch(
        "/api/settings",
        headers=admin_headers,
        json={"widget": {"color": "#ff6600", "welcome_message": "Hello!"}},
    )
    assert first.status_code == 200
    assert first.get_json()["widget"]["color"] == "#ff6600"
    second = client.patch(
        "/api/settings", headers=admin_headers, json={"widget": {"position": "left"}}
    )
    widget = second.get_json()["widget"]
    assert (widget["color"], widget["welcome_message"], widget["position"]) == (
        "#ff6600",
        "Hello!",
        "left",
    )
    third = client.patch("/api/settings", headers=admin_headers, json={"auto_close_minutes": 30})
    body = third.get_json()
    assert body["auto_close_minutes"] == 30 and body["widget"] == widget
    assert client.get("/api/settings", headers=admin_headers).get_json() == body
    assert set(stored_rows()) == {"widget", "auto_close_minutes"}


def test_nested_objects_merge_and_lists_are_replaced(client, admin_headers):
    """prechat and weekly merge key by key; a list (fields, holidays) is replaced whole."""
    field = {"name": "email", "label": {"en": "Email", "zh-CN": "邮箱"}, "type": "email"}
    client.patch(
        "/api/settings",
        headers=admin_headers,
        json={"widget": {"prechat": {"fields": [field]}}, "business_hours": HOURS},
    )
    merged = client.patch(
        "/api/settings",
        headers=admin_headers,
        json={
            "widget": {"prechat": {"enabled": True}},
            "business_hours": {"weekly": {"sat": [["10:00", "14:00"]]}, "holidays": []},
        },
    ).get_json()
    assert merged["widget"]["prechat"] == {
        "enabled": True,
        "fields": [{**field, "required": False, "options": []}],
    }
    assert merged["business_hours"] == {
        "timezone": "Asia/Shanghai",
        "weekly": {**HOURS["weekly"], "sat": [["10:00", "14:00"]]},
        "holidays": [],
        "exceptions": [],
    }


def test_null_resets_a_field_or_a_section_to_its_default(client, admin_headers):
    """null removes what was set: the default applies again and its row goes away."""
    client.patch(
        "/api/settings",
        headers=admin_headers,
        json={
            "widget": {"color": "#000", "reply_time": "in a few minutes"},
            "business_hours": HOURS,
        },
    )
    closed_monday = client.patch(
        "/api/settings", headers=admin_headers, json={"business_hours": {"weekly": {"mon": None}}}
    ).get_json()
    assert set(closed_monday["business_hours"]["weekly"]) == {"tue"}
    reset = client.patch(
        "/api/settings",
        headers=admin_headers,
        json={"widget": {"color": None, "reply_time": None}, "business_hours": None},
    ).get_json()
    assert reset == DEFAULTS
    assert stored_rows() == {}


def test_stored_values_are_normalised(client, admin_headers):
    """Holidays come back sorted without repeats, origins lower-cased without repeats."""
    body = client.patch(
        "/api/settings",
        headers=admin_headers,
        json={
            "business_hours": {**HOURS, "holidays": ["2026-12-25", "2026-01-01", "2026-12-25"]},
            "allowed_origins": ["HTTPS://Shop.Example.com", "https://shop.example.com:8443"],
        },
    ).get_json()
    assert body["business_hours"]["holidays"] == ["2026-01-01", "2026-12-25"]
    assert body["allowed_origins"] == ["https://shop.example.com", "https://shop.example.com:8443"]


def test_widget_skill_groups_must_exist(client, admin_headers, make_agent):
    """A group offered in the widget must be a real skill group."""
    make_agent(skills=["sales"])
    unknown = client.patch(
        "/api/settings",
        headers=admin_headers,
        json={"widget": {"skill_groups": [{"name": "nope", "label": "Nope"}]}},
    )
    assert unknown.status_code == 400
    assert unknown.get_json()["error"]["code"] == "unknown_skill_group"
    ok = client.patch(
        "/api/settings",
        headers=admin_headers,
        json={"widget": {"skill_groups": [{"name": "sales", "label": {"en": "Sales"}}]}},
    )
    assert ok.status_code == 200
    assert ok.get_json()["widget"]["skill_groups"] == [{"name": "sales", "label": {"en": "Sales"}}]


BAD_PATCHES = [
    ([], "invalid_payload"),
    ({"widget": "red"}, "invalid_field"),
    ({"widget": {"colour": "#fff"}}, "invalid_field"),  # unknown fields are refused
    ({"theme": {}}, "invalid_field"),
    ({"widget": {"color": "red; background: url(x)"}}, "invalid_field"),
    ({"widget": {"position": "top"}}, "invalid_field"),
    ({"widget": {"welcome_message": 5}}, "invalid_field"),
    ({"widget": {"welcome_message": "x" * 1001}}, "invalid_field"),
    ({"widget": {"offline_message": "nul\x00"}}, "invalid_field"),
    ({"widget": {"reply_time": ""}}, "invalid_field"),
    ({"widget": {"prechat": {"enabled": "yes"}}}, "invalid_field"),
    ({"widget": {"prechat": {"fields": [{"label": "Name"}]}}}, "missing_field"),
    ({"widget": {"prechat": {"fields": [{"name": "Name!", "label": "Name"}]}}}, "invalid_field"),
    ({"widget": {"prechat": {"fields": [{"name": "n", "label": ""}]}}}, "invalid_field"),
    ({"widget": {"prechat": {"fields": [{"name": "n", "label": {}}]}}}, "invalid_field"),
    ({"widget": {"prechat": {"fields": [{"name": "n", "label": {"EN!": "x"}}]}}}, "invalid_field"),
    (
        {"widget": {"prechat": {"fields": [{"name": "n", "label": "N", "type": "date"}]}}},
        "invalid_field",
    ),
    (
        {"widget": {"prechat": {"fields": [{"name": "n", "label": "N", "type": "select"}]}}},
        "invalid_field",
    ),
    (
        {"widget": {"prechat": {"fields": [{"name": "n", "label": "N", "options": ["a"]}]}}},
        "invalid_field",
    ),
    (
        {
            "widget": {
                "prechat": {"fields": [{"name": "n", "label": "N"}, {"name": "n", "label": "M"}]}
            }
        },
        "invalid_field",
    ),
    ({"widget": {"skill_groups": [{"name": "a b", "label": "A"}]}}, "invalid_field"),
    ({"business_hours": {"holidays": ["2026-12-25"]}}, "missing_field"),  # no timezone yet
    ({"business_hours": {"timezone": "Asia/Shanghai"}}, "missing_field"),  # nor weekly
    ({"business_hours": {**HOURS, "timezone": "Mars/Olympus_Mons"}}, "invalid_field"),
    ({"business_hours": {**HOURS, "weekly": {"funday": []}}}, "invalid_field"),
    ({"business_hours": {**HOURS, "weekly": {"mon": [["9:00", "18:00"]]}}}, "invalid_field"),
    ({"business_hours": {**HOURS, "weekly": {"mon": [["09:00", "09:00"]]}}}, "invalid_field"),
    ({"business_hours": {**HOURS, "weekly": {"mon": [["24:00", "02:00"]]}}}, "invalid_field"),
    ({"business_hours": {**HOURS, "weekly": {"mon": [["09:00", "24:01"]]}}}, "invalid_field"),
    ({"business_hours": {**HOURS, "weekly": {"mon": [["09:00"]]}}}, "missing_field"),
    ({"business_hours": {**HOURS, "weekly": {"mon": ["09:00-18:00"]}}}, "invalid_field"),
    ({"business_hours": {**HOURS, "holidays": ["2026-02-30"]}}, "invalid_field"),
    ({"business_hours": {**HOURS, "holidays": ["25/12/2026"]}}, "invalid_field"),
    ({"business_hours": {**HOURS, "exceptions": [{"shifts": []}]}}, "missing_field"),
    ({"business_hours": {**HOURS, "exceptions": [{"date": "2026-13-01"}]}}, "invalid_field"),
    (
        {
            "business_hours": {
                **HOURS,
                "exceptions": [{"date": "2026-12-24"}, {"date": "2026-12-24"}],
            }
        },
        "invalid_field",
    ),
    (
        {
            "business_hours": {
                **HOURS,
                "exceptions": [{"date": "2026-12-24", "shifts": [["9", "1"]]}],
            }
        },
        "invalid_field",
    ),
    ({"business_hours": {**HOURS, "exceptions": {"2026-12-24": []}}}, "invalid_field"),
    ({"allowed_origins": ["https://shop.example.com/path"]}, "invalid_field"),
    ({"allowed_origins": ["shop.example.com"]}, "invalid_field"),
    ({"allowed_origins": "https://shop.example.com"}, "invalid_field"),
    ({"auto_close_minutes": 0}, "invalid_field"),
    ({"auto_close_minutes": 10081}, "invalid_field"),
    ({"auto_close_minutes": "30"}, "invalid_field"),
    ({"auto_close_minutes": 1.5}, "invalid_field"),
    ({"workspace": {"agents_see_all_open": "yes"}}, "invalid_field"),
    ({"workspace": {"agents_see_all_open": 1}}, "invalid_field"),
    ({"workspace": {"agents_may_chat": True}}, "invalid_field"),
]


@pytest.mark.parametrize("body, code", BAD_PATCHES, ids=[str(b)[:60] for b, _ in BAD_PATCHES])
def test_bad_input_is_refused_and_changes_nothing(client, admin_headers, body, code):
    """Each bad body answers 400 with its code; the stored settings and the log stay."""
    client.patch("/api/settings", headers=admin_headers, json={"widget": {"color": "#123456"}})
    rows, audited = stored_rows(), len(settings_audit())
    response = client.patch("/api/settings", headers=admin_headers, json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code
    assert stored_rows() == rows and len(settings_audit()) == audited
    assert client.get("/api/settings", headers=admin_headers).get_json()["widget"]["color"] == (
        "#123456"
    )


def test_a_bad_field_beside_good_ones_changes_nothing(client, admin_headers):
    """The whole body is valid or nothing of it is stored."""
    response = client.patch(
        "/api/settings",
        headers=admin_headers,
        json={"widget": {"color": "#ffffff"}, "auto_close_minutes": -1},
    )
    assert response.status_code == 400
    assert stored_rows() == {} and settings_audit() == []


def test_a_change_is_audited_with_what_it_changed(client, make_agent):
    """One settings.updated entry per change, naming the admin and each changed section's
    before and after; a body that changes nothing writes nothing."""
    admin = make_agent(role="admin", name="Ada")
    headers = bearer(login(client, admin).get_json()["access_token"])
    client.patch("/api/settings", headers=headers, json={"auto_close_minutes": 15})
    client.patch("/api/settings", headers=headers, json={"auto_close_minutes": 15})
    client.patch("/api/settings", headers=headers, json={})
    entries = settings_audit()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.actor_type, entry.actor_id, entry.actor_name) == ("agent", str(admin.id), "Ada")
    assert entry.target == "settings"
    assert entry.details == {"changes": {"auto_close_minutes": {"from": None, "to": 15}}}


def test_this_worker_uses_a_change_at_once(client, admin_headers):
    """The worker that takes a change drops its cached copy (others within a second)."""
    assert current_settings().widget.color == "#2563eb"
    client.patch("/api/settings", headers=admin_headers, json={"widget": {"color": "#abcdef"}})
    assert current_settings().widget.color == "#abcdef"


def test_settings_are_for_administrators_only(client, make_agent):
    """Agents and supervisors get 403 and change nothing."""
    for role in ("agent", "supervisor"):
        headers = bearer(login(client, make_agent(role=role)).get_json()["access_token"])
        assert client.get("/api/settings", headers=headers).status_code == 403
        refused = client.patch(
            "/api/settings", headers=headers, json={"widget": {"color": "#000000"}}
        )
        assert refused.status_code == 403
        assert refused.get_json()["error"]["code"] == "forbidden"
    assert count(Setting) == 0


def test_dated_exceptions_are_stored_by_date_and_named_when_wrong(client, admin_headers):
    """Exceptions are a list replaced whole, kept in date order; a bad shift of one is
    refused with the path of that shift, for the console to show beside it."""
    body = {
        **HOURS,
        "exceptions": [
            {"date": "2026-12-31", "shifts": [["22:00", "02:00"]]},
            {"date": "2026-12-24", "shifts": [["09:00", "13:00"]]},
            {"date": "2026-12-25"},
        ],
    }
    saved = client.patch("/api/settings", headers=admin_headers, json={"business_hours": body})
    assert saved.status_code == 200
    assert saved.get_json()["business_hours"]["exceptions"] == [
        {"date": "2026-12-24", "shifts": [["09:00", "13:00"]]},
        {"date": "2026-12-25", "shifts": []},
        {"date": "2026-12-31", "shifts": [["22:00", "02:00"]]},
    ]
    bad = {"exceptions": [{"date": "2026-12-24", "shifts": [["09:00", "09:00"]]}]}
    refused = client.patch("/api/settings", headers=admin_headers, json={"business_hours": bad})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["field"] == "business_hours.exceptions.0.shifts.0"
    kept = client.get("/api/settings", headers=admin_headers).get_json()["business_hours"]
    assert len(kept["exceptions"]) == 3
