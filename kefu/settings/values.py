"""The kinds of value a setting may hold, each with the rule it must pass: texts, colours,
field names, clock times and shifts, days, time zones, origins, and labels per language.
kefu/settings/schema.py builds the settings' sections from them."""

import re
from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    Field,
    PlainValidator,
    StrictInt,
    StrictStr,
    WithJsonSchema,
)

from ..schemas import storable_text

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_COLOR = "#2563eb"

_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
LABEL_MAX = 200


def text(min_length=0, max_length=1000):
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
        if not 1 <= len(text) <= LABEL_MAX or not text.strip():
            raise ValueError(f"must hold 1 to {LABEL_MAX} characters, not only spaces")
        storable_text(text)
    return value


_LABEL_TEXT = {"type": "string", "minLength": 1, "maxLength": LABEL_MAX}
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


def unique(items, key, what):
    seen = set()
    for item in items:
        value = key(item)
        if value in seen:
            raise ValueError(f"{what} {value!r} appears twice")
        seen.add(value)
    return items
