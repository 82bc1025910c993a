"""Changing the settings: one use case, one transaction, its audit entry inside it."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..chat import audit
from ..errors import Conflict, UnknownSkillGroup
from ..events.sink import current_sink
from ..extensions import db
from ..models import SkillGroup
from ..schemas import parse
from .schema import SECTIONS, Settings
from .store import forget, read_settings, write_sections
from .widget import widget_looks


def merge_patch(target, patch):
    """Apply a JSON merge patch (RFC 7396): objects merge key by key, null removes a key
    (so its default applies), anything else (lists included) replaces what was there."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def update_settings(actor, patch):
    """Apply a SettingsPatch on the stored settings and return the settings in force after
    it. Nothing changes unless the whole result is valid. Commits."""
    current = read_settings(for_update=True)
    merged = merge_patch(
        current.model_dump(mode="json"), patch.model_dump(mode="json", exclude_unset=True)
    )
    updated = parse(Settings, merged)
    changed = [s for s in SECTIONS if getattr(updated, s) != getattr(current, s)]
    if not changed:
        db.session.rollback()  # ends the read (and its row locks)
        return updated
    if "widget" in changed:
        _require_groups(updated.widget.skill_groups, current.widget.skill_groups)
    write_sections(updated, changed)
    before, after = current.model_dump(mode="json"), updated.model_dump(mode="json")
    audit.record(
        actor,
        "settings.updated",
        "settings",
        {"changes": {s: {"from": before[s], "to": after[s]} for s in changed}},
    )
    try:
        db.session.commit()
    except IntegrityError:  # another change stored a first row of the same section
        db.session.rollback()
        raise Conflict(
            "The settings were changed at the same moment; try again.", code="settings_conflict"
        ) from None
    forget()
    if "widget" in changed:
        current_sink().site_changed(widget_looks(updated))
    if "workspace" in changed:
        current_sink().workspace_changed(after["workspace"])
    return updated


def _require_groups(groups, before):
    """Groups newly offered in the widget must exist (ones offered before and deleted since
    are left for the widget config to skip)."""
    known = {g.name for g in before}
    added = [g.name for g in groups if g.name not in known]
    if not added:
        return
    found = set(db.session.scalars(select(SkillGroup.name).where(SkillGroup.name.in_(added))))
    missing = [name for name in added if name not in found]
    if missing:
        raise UnknownSkillGroup(f"No skill group named {missing[0]!r}.")
