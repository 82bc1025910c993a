"""The shapes of the team's settings, their defaults, and the rules every value must pass.

`Settings` is the whole document (what GET /api/settings answers); every field has a
default, so an empty database means the defaults. `SettingsPatch` is what PATCH accepts:
the same fields, all optional, where null resets a field to its default. Unknown fields
are refused (a misspelt setting must not be silently ignored)."""

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)

from ..schemas import SkillName
from .values import (
    DEFAULT_COLOR,
    LABEL_MAX,
    WEEKDAYS,
    AutoCloseMinutes,
    Color,
    Day,
    FieldName,
    Localized,
    Origin,
    Shift,
    TimeZone,
    text,
    unique,
)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PrechatField(Section):
    name: FieldName
    label: Localized
    type: Literal["text", "email", "select"] = "text"
    required: StrictBool = False
    options: Annotated[list[text(1, LABEL_MAX)], Field(max_length=50)] = []

    @model_validator(mode="after")
    def _options_fit_type(self):
        if self.type == "select" and not self.options:
            raise ValueError("a select field needs options")
        if self.type != "select" and self.options:
            raise ValueError("only a select field has options")
        unique(self.options, str, "option")
        return self


class Prechat(Section):
    enabled: StrictBool = False
    fields: Annotated[list[PrechatField], Field(max_length=20)] = []

    @field_validator("fields")
    @classmethod
    def _unique_names(cls, fields):
        return unique(fields, lambda f: f.name, "field")


class WidgetGroup(Section):
    name: SkillName
    label: Localized


WidgetGroups = Annotated[list[WidgetGroup], Field(max_length=50)]


def _unique_groups(groups):
    return unique(groups, lambda g: g.name, "skill group")


class Widget(Section):
    color: Color = DEFAULT_COLOR
    position: Literal["right", "left"] = "right"
    # Empty: the widget shows its own greeting and offline text, in the visitor's language.
    welcome_message: text() = ""
    offline_message: text() = ""
    reply_time: text(1, 200) | None = None
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
        return sorted(unique(exceptions, lambda e: e.date, "date"), key=lambda e: e.date)


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
    welcome_message: text() | None = None
    offline_message: text() | None = None
    reply_time: text(1, 200) | None = None
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
