"""What the widget is told before a visitor writes: its looks, its texts, the pre-chat
form, and whether anyone can answer now (GET /api/widget/config)."""

from flask import current_app
from sqlalchemy import select

from ..dispatch.availability import available_agents
from ..errors import UnknownSkillGroup
from ..extensions import db
from ..models import SkillGroup
from .hours import within_hours


def widget_looks(settings, existing=None):
    """What the admin's widget settings show every visitor alike: colour, side, texts, the
    pre-chat form and the offered groups (those that still exist). Sent with the
    configuration, and pushed to open widgets when an admin changes them."""
    widget = settings.widget
    if existing is None:
        existing = set(db.session.scalars(select(SkillGroup.name)))
    return {
        "welcome_message": widget.welcome_message,
        "offline_message": widget.offline_message,
        "reply_time": widget.reply_time,
        "color": widget.color,
        "position": widget.position,
        "prechat": widget.prechat.model_dump(mode="json"),
        # A group deleted since it was offered is no longer offered.
        "skill_groups": [
            {"name": g.name, "label": g.label} for g in widget.skill_groups if g.name in existing
        ],
    }


def widget_config(settings, now, skill_group=None):
    """The public widget configuration at `now`; with `skill_group`, also whether someone of
    that group can answer ("group_online")."""
    existing = set(db.session.scalars(select(SkillGroup.name)))
    if skill_group is not None and skill_group not in existing:
        raise UnknownSkillGroup(f"No skill group named {skill_group!r}.")
    within = within_hours(settings, now)
    types = current_app.config["UPLOAD_TYPES"]
    config = {
        "online": within and available_agents(),
        "within_hours": within,
        **widget_looks(settings, existing),
        "upload": {
            "max_bytes": current_app.config["UPLOAD_MAX_BYTES"],
            "types": list(types) if types != "*" else ["*"],
        },
        # The composer refuses longer text before sending (KEFU_MAX_MESSAGE_CHARS).
        "max_message_chars": current_app.config["MAX_MESSAGE_CHARS"],
    }
    if skill_group is not None:
        config["group_online"] = within and available_agents(skill_group)
    return config
