"""Room names, from one place."""

VISITOR_NS = "/visitor"
AGENT_NS = "/agent"
AGENTS_ROOM = "agents"  # every connected agent socket (queue updates)
# Sockets of supervisors and admins: every open conversation's changes (All open). Joined at
# connect by role; the revalidation (revalidate.py) moves sockets whose role changed.
OVERSEERS_ROOM = "overseers"
WATCH_PREFIX = "conversation:"


def visitor_room(visitor_id):
    """Every tab of one visitor (in /visitor)."""
    return f"visitor:{visitor_id}"


def agent_room(agent_id):
    """Every socket of one agent (in /agent)."""
    return f"agent:{agent_id}"


def conversation_room(conversation_id):
    """The agent sockets watching a conversation they do not hold (in /agent): it is on
    their screen read-only (All open), so its messages come to them."""
    return f"{WATCH_PREFIX}{conversation_id}"


def is_watch_room(room):
    return isinstance(room, str) and room.startswith(WATCH_PREFIX)
