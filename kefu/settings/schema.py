"""The shapes of the team's settings, their defaults, and the rules every value must pass.

`Settings` is the whole document (what GET /api/settings answers); every field has a
default, so an empty database means the defaults. `SettingsPatch` is what PATCH accepts:
the same fields, all optional, where null resets a field to its default. Unknown fields
are refused (a misspelt setting must not be silently ignored)."""

import re
from datetime import date
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..schemas import SkillName, storable_text

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_COLOR = "#2563eb"

_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_LABEL_MAX = 200


def _text(min_length=0, max_length=1000):
    return Annotated[
        StrictStr,
        Field(min_length=min_length, max_length=max_length),
        AfterValidator(storable_text),
    ]


def _matching(pattern, example, max_length=None):
    """A string that must match `pattern` whole, refused with a readable example rather
    than the pattern itself; the OpenAPI schema still carries the pattern."""
    compiled = re.compile(pattern)

    def check(value):
        if not compiled.fullmatch(value):
            raise ValueError(f"must look like {example}")
        return value

    schema = {"type": "string", "pattern": pattern}
    if max_length is not None:
        schema["maxLength"] = max_length
    return Annotated[
        StrictStr, Field(max_length=max_length), AfterValidator(check), WithJsonSchema(schema)
    ]


def _localized(value):
    """A label: a string, or {locale: string} (e.g. {"en": "Name", "zh-CN": "姓名"})."""
    if isinstance(value, str):
        texts = [value]
    elif isinstance(value, dict):
        if not value or len(value) > 20:
            raise ValueError("must name 1 to 20 locales")
        for locale, text in value.items():
            if not _LOCALE.fullmatch(locale):
                raise ValueError(f"{locale!r} is not a locale like en or zh-CN")
            if not isinstance(text, str):
                raise ValueError("each locale's text must be a string")
        texts = list(value.values())
    else:
        raise ValueError("must be a string or an object of locale → string")
    for text in texts:
        if not 1 <= len(text) <= _LABEL_MAX or not text.strip():
            raise ValueError(f"must hold 1 to {_LABEL_MAX} characters, not only spaces")
        storable_text(text)
    return value


_LABEL_TEXT = {"type": "string", "minLength": 1, "maxLength": _LABEL_MAX}
Localized = Annotated[
    str | dict[str, str],
    PlainValidator(_localized),
    WithJsonSchema(
        {
            "anyOf": [
                _LABEL_TEXT,
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 20,
                    "propertyNames": {"pattern": _LOCALE.pattern},
                    "additionalProperties": _LABEL_TEXT,
                },
            ]
        }
    ),
]

Color = _matching(r"^#(?:[0-9a-fA-F]{3}){1,2}$", "#2563eb or #26e")
FieldName = _matching(r"^[a-z][a-z0-9_]{0,31}$", "company_size (a-z, 0-9, _; 32 at most)")
Clock = _matching(r"^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", "09:00 (24:00 ends a day)")


def _shift(value):
    start, end = value
    if start == "24:00":
        raise ValueError("a shift cannot start at 24:00")
    if start == end:
        raise ValueError("a shift must end at another time than it starts")
    return value


Shift = Annotated[tuple[Clock, Clock], AfterValidator(_shift)]


def _iso_date(value):
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date like 2026-12-25") from None
    return value


Day = Annotated[
    StrictStr,
    Field(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    AfterValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _timezone(value):
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be an IANA time zone such as Asia/Shanghai") from None
    return value


TimeZone = Annotated[StrictStr, Field(min_length=1, max_length=64), AfterValidator(_timezone)]
Origin = Annotated[
    _matching(
        r"^[hH][tT][tT][pP][sS]?://[^/\s?#@]+$",
        "https://shop.example.com (a scheme and a host, no path)",
        255,
    ),
    AfterValidator(str.lower),
]
AutoCloseMinutes = Annotated[StrictInt, Field(ge=1, le=10080)]  # at most a week


def _unique(items, key, what):
    seen = set()
    for item in items:
        value = key(item)
        if value in seen:
            raise ValueError(f"{what} {value!r} appears twice")
        seen.add(value)
    return items


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PrechatField(Section):
    name: FieldName
    label: Localized
    type: Literal["text", "email", "select"] = "text"
    required: StrictBool = False
    options: Annotated[list[_text(1, _LABEL_MAX)], Field(max_length=50)] = []

    @model_validator(mode="after")
    def _options_fit_type(self):
        if self.type == "select" and not self.options:
            raise ValueError("a select field needs options")
        if self.type != "select" and self.options:
            raise ValueError("only a select field has options")
        _unique(self.options, str, "option")
        return self


class Prechat(Section):
    enabled: StrictBool = False
    fields: Annotated[list[PrechatField], Field(max_length=20)] = []

    @field_validator("fields")
    @classmethod
    def _unique_names(cls, fields):
        return _unique(fields, lambda f: f.name, "field")


class WidgetGroup(Section):
    name: SkillName
    label: Localized


WidgetGroups = Annotated[list[WidgetGroup], Field(max_length=50)]


def _unique_groups(groups):
    return _unique(groups, lambda g: g.name, "skill group")


class Widget(Section):
    color: Color = DEFAULT_COLOR
    position: Literal["right", "left"] = "right"
    # Empty: the widget shows its own greeting and offline text, in the visitor's language.
    welcome_message: _text() = ""
    offline_message: _text() = ""
    reply_time: _text(1, 200) | None = None
    prechat: Prechat = Prechat()
    # The groups a visitor may choose from in the widget, with the labels shown.
    skill_groups: Annotated[WidgetGroups, AfterValidator(_unique_groups)] = []


Weekly = dict[Literal[WEEKDAYS], Annotated[list[Shift], Field(max_length=10)]]


DayShifts = Annotated[list[Shift], Field(max_length=10)]


class HoursException(Section):
    """One date's own hours: they replace its weekday's and a holiday's (none: closed)."""

    date: Day
    shifts: DayShifts = []


class BusinessHours(Section):
    timezone: TimeZone
    weekly: Weekly
    holidays: Annotated[list[Day], Field(max_length=500)] = []
    # Dated exceptions (open on a Sunday, a short Christmas Eve), one per date.
    exceptions: Annotated[list[HoursException], Field(max_length=500)] = []

    @field_validator("holidays")
    @classmethod
    def _sorted_days(cls, days):
        return sorted(set(days))

    @field_validator("exceptions")
    @classmethod
    def _one_per_date(cls, exceptions):
        return sorted(_unique(exceptions, lambda e: e.date, "date"), key=lambda e: e.date)


class Workspace(Section):
    """The agents' workspace (the dashboard)."""

    # Plain agents list every agent's open conversations (All open, read-only); supervisors
    # and admins always do.
    agents_see_all_open: StrictBool = False


class Settings(Section):
    widget: Widget = Widget()
    # None: no business hours, so always within hours.
    business_hours: BusinessHours | None = None
    # Origins of the sites that embed the widget.
    allowed_origins: Annotated[list[Origin], Field(max_length=100)] = []
    # None: conversations are never closed for inactivity.
    auto_close_minutes: AutoCloseMinutes | None = None
    workspace: Workspace = Workspace()

    @field_validator("allowed_origins")
    @classmethod
    def _unique_origins(cls, origins):
        return list(dict.fromkeys(origins))


SECTIONS = tuple(Settings.model_fields)
DEFAULTS = Settings()


# --- what PATCH accepts: every field optional; null resets it to its default -----------


class PrechatPatch(Section):
    enabled: StrictBool | None = None
    fields: Annotated[list[PrechatField], Field(max_length=20)] | None = None


class WidgetPatch(Section):
    color: Color | None = None
    position: Literal["right", "left"] | None = None
    welcome_message: _text() | None = None
    offline_message: _text() | None = None
    reply_time: _text(1, 200) | None = None
    prechat: PrechatPatch | None = None
    skill_groups: WidgetGroups | None = None


class BusinessHoursPatch(Section):
    timezone: TimeZone | None = None
    # A day set to null is closed (removed from the week).
    weekly: dict[Literal[WEEKDAYS], Annotated[list[Shift], Field(max_length=10)] | None] | None = (
        None
    )
    holidays: Annotated[list[Day], Field(max_length=500)] | None = None
    exceptions: Annotated[list[HoursException], Field(max_length=500)] | None = None


class WorkspacePatch(Section):
    agents_see_all_open: StrictBool | None = None


class SettingsPatch(Section):
    """A change of the settings: only the fields it names change (a JSON merge patch,
    RFC 7396); lists are replaced whole."""

    widget: WidgetPatch | None = None
    business_hours: BusinessHoursPatch | None = None
    allowed_origins: Annotated[list[Origin], Field(max_length=100)] | None = None
    auto_close_minutes: AutoCloseMinutes | None = None
    workspace: WorkspacePatch | None = None
