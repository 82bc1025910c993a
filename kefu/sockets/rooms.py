"""Room names, from one place."""

VISITOR_NS = "/visitor"
AGENT_NS = "/agent"
AGENTS_ROOM = "agents"  # every connected agent socket (queue updates)


def visitor_room(visitor_id):
    """Every tab of one visitor (in /visitor)."""
    return f"visitor:{visitor_id}"


def agent_room(agent_id):
    """Every socket of one agent (in /agent)."""
    return f"agent:{agent_id}"
