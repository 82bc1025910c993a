"""Whose open conversations a staff member sees: supervisors, admins and API keys every
one; a plain agent its own, unless an admin lets agents see all open conversations
(settings `workspace.agents_see_all_open`). Queued, pending and closed conversations are
every agent's to see. Seeing is reading only: acting on a colleague's conversation
(reassigning it) stays with supervisors and admins (principals.require_can_act)."""

from sqlalchemy import or_

from ..errors import Forbidden
from ..models import STATUS_OPEN, Conversation
from ..settings import current_settings
from .mentions import is_mentioned_in


def agents_see_all_open():
    """The admin's choice, as this worker has it (at most a second old: settings/store.py)."""
    return current_settings().workspace.agents_see_all_open


def sees_all_open(principal):
    """True when `principal` may list and follow every agent's open conversations."""
    if principal.is_api_key or principal.oversees_conversations:
        return True
    return principal.is_agent and agents_see_all_open()


def visible_to(query, principal):
    """`query` (a select of Conversation) without the open conversations `principal` may
    not list: other agents' ones, for a plain agent while the setting is off."""
    if principal.is_visitor or sees_all_open(principal):
        return query
    c = Conversation
    return query.where(or_(c.status != STATUS_OPEN, c.agent_id == principal.id))


def require_can_follow(principal, conversation):
    """Follow a conversation's messages live (watch it): refused for another agent's open
    conversation unless `principal` sees all open ones or a note there mentions it."""
    if (
        conversation.status == STATUS_OPEN
        and conversation.agent_id != principal.id
        and not sees_all_open(principal)
        # A colleague's note @mentioned this agent: reading it is what the mention asks.
        and not (principal.is_agent and is_mentioned_in(principal.id, conversation.id))
    ):
        raise Forbidden("Only supervisors and admins see other agents' open conversations.")
