"""Choose an agent for a conversation: plain data in, a choice and its reason out."""

from dataclasses import dataclass, field
from datetime import datetime

_NEVER = datetime.min


@dataclass(frozen=True)
class AgentView:
    id: int
    load: int
    max_concurrent: int
    skills: frozenset = frozenset()
    last_assigned_at: datetime | None = None
    online: bool = True  # connected and not away

    @property
    def load_ratio(self):
        return self.load / self.max_concurrent if self.max_concurrent else 1.0


@dataclass(frozen=True)
class ConversationView:
    id: int
    skill_group: str | None = None
    previous_agent_id: int | None = None  # sticky: the agent of a recent conversation
    widened: bool = False  # waited past the skill-group fallback: any agent will do
    excluded_agent_id: int | None = None  # handed it to a group: someone else, please


@dataclass(frozen=True)
class Decision:
    agent_id: int | None
    reason: str
    # Every eligible agent, best first: the router falls back along it when a claim loses a race.
    ranking: tuple = field(default=())


def ineligibility(agent, conversation):
    """Say why an agent cannot take the conversation, or None when it can."""
    if not agent.online:
        return "not online"
    if agent.id == conversation.excluded_agent_id:
        return "transferred it away"
    group = conversation.skill_group
    if group and not conversation.widened and group not in agent.skills:
        return f"lacks skill {group}"
    if agent.load >= agent.max_concurrent:
        return "at capacity"
    return None


def rank(agents):
    """Order agents: lowest load ratio first, then the one assigned least recently."""
    return sorted(agents, key=lambda a: (a.load_ratio, a.last_assigned_at or _NEVER, a.id))


def choose_agent(conversation, agents):
    """Pick the agent for `conversation` among `agents`, with the reason."""
    eligible = [a for a in agents if ineligibility(a, conversation) is None]
    if not eligible:
        group = conversation.skill_group
        reason = f"no eligible agent in {group}" if group else "no eligible agent"
        return Decision(None, reason)
    ranking = tuple(a.id for a in rank(eligible))
    sticky = conversation.previous_agent_id
    if sticky in ranking:
        rest = tuple(a for a in ranking if a != sticky)
        return Decision(sticky, "returning visitor: previous agent", (sticky, *rest))
    best = next(a for a in eligible if a.id == ranking[0])
    reason = f"least loaded ({best.load}/{best.max_concurrent})"
    if conversation.widened and conversation.skill_group not in best.skills:
        reason += f", widened beyond {conversation.skill_group}"
    return Decision(best.id, reason, ranking)
