"""Who is acting: taken from a verified token or API key, never from a payload."""

from dataclasses import dataclass

from ..errors import Forbidden

OVERSEER_ROLES = ("supervisor", "admin")


def role_oversees(role):
    """Supervisors and admins see and act on every conversation."""
    return role in OVERSEER_ROLES


@dataclass(frozen=True)
class Principal:
    kind: str  # "visitor" | "agent" | "api_key"
    id: object  # visitor id (str), agent id (int) or api key id (int)
    name: str | None = None
    is_admin: bool = False
    token_version: int = 0  # an agent's: the version its token carries
    role: str | None = None  # an agent's: "agent", "supervisor" or "admin"

    @property
    def is_visitor(self):
        return self.kind == "visitor"

    @property
    def is_agent(self):
        return self.kind == "agent"

    @property
    def is_api_key(self):
        return self.kind == "api_key"

    @property
    def sender_type(self):
        # An integration speaking through an API key answers as staff.
        return "visitor" if self.is_visitor else "agent"

    @property
    def sender_id(self):
        return f"apikey:{self.id}" if self.is_api_key else str(self.id)

    @property
    def oversees_conversations(self):
        """Admins and supervisors see and act on every conversation."""
        return self.is_admin or (self.is_agent and role_oversees(self.role))

    @property
    def is_staff(self):
        """Agents and API keys: everyone on the business's side."""
        return not self.is_visitor


def require_can_read(principal, conversation):
    """Visitors read their own conversations; staff read any."""
    if principal.is_visitor and conversation.visitor_id != principal.id:
        raise Forbidden("That conversation belongs to someone else.")


def require_can_act(principal, conversation):
    """Write to or manage a conversation: its visitor, its agent, an admin or supervisor,
    or an API key."""
    if principal.is_visitor:
        require_can_read(principal, conversation)
        return
    if principal.is_api_key or principal.oversees_conversations:
        return
    if conversation.agent_id != principal.id:
        raise Forbidden("That conversation is not assigned to you.")
