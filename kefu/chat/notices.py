"""System notices: a code and parameters that each client renders in its own language,
with the English text stored as the message's content for every other reader (the API,
transcripts, email)."""

ENGLISH = {
    "closed": "The conversation was closed.",
    "closed_inactive": "The conversation was closed after {minutes} minutes without messages.",
    "transferred_to_agent": "Transferred to {agent}.",
    "transferred_to_group": "Transferred to the {group} team.",
    "agent_lost": "Your agent was disconnected. Finding you another agent…",
    "agent_left": "Your agent is no longer available. Finding you another agent…",
}


def notice(code, **params):
    """(content, notice) of a system message."""
    return ENGLISH[code].format(**params), {"code": code, "params": params}
