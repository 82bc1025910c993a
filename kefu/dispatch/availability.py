"""Who could answer a visitor now: agents online (connected and not away), as routing
sees them (state/), optionally for one skill group. A wait estimate is shown only when
someone could answer; otherwise the widget says so and offers to leave a message."""

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Agent, SkillGroup, agent_skills
from ..state import current_state


class Availability:
    """One reading of who is online and which skills they hold, asked for many
    conversations (a queue event) without reading again."""

    def __init__(self):
        online = sorted(current_state().online_agent_ids())
        self.anyone = bool(online)
        self.fallback = bool(current_app.config["SKILL_FALLBACK_SECONDS"])
        self.skills = set()
        if online:
            self.skills = set(
                db.session.scalars(
                    select(SkillGroup.name)
                    .join(agent_skills, agent_skills.c.skill_group_id == SkillGroup.id)
                    .join(Agent, Agent.id == agent_skills.c.agent_id)
                    .where(Agent.id.in_(online), Agent.deactivated_at.is_(None))
                    .distinct()
                )
            )

    def can_answer(self, skill_group=None):
        """True when an online agent could take a conversation of `skill_group` (None: any):
        one holding that skill, or any online agent once the skill-group fallback
        (KEFU_SKILL_FALLBACK_SECONDS) is on, since it would reach them after that wait.
        Capacity is not asked: a full agent still answers once the queue moves."""
        if not self.anyone:
            return False
        return skill_group is None or self.fallback or skill_group in self.skills


def available_agents(skill_group=None):
    return Availability().can_answer(skill_group)
