"""Agent sockets whose session ended are closed: the agent was deleted, or its tokens were
revoked (a password change) since the socket connected.

Every event of an agent socket already re-reads the agent (sockets/session.py), so such a
socket can no longer act; closing it also stops what it would still hear (the queue, with
visitors' names and emails). The worker that ends the session closes that agent's sockets
at once; every worker also checks all of its own agent sockets every
KEFU_REVALIDATE_SECONDS (runtime/background.py), which reaches sockets on other workers."""

from sqlalchemy import select

from ..extensions import db
from ..models import Agent
from .rooms import AGENT_NS, AGENTS_ROOM
from .session import ENVIRON_KEY


def agent_sockets(server, room=AGENTS_ROOM):
    """{sid: the identity saved at connect} of this worker's /agent sockets in `room`."""
    found = {}
    for sid, eio_sid in list(server.manager.get_participants(AGENT_NS, room)):
        identity = (server.environ.get(eio_sid) or {}).get(ENVIRON_KEY, {}).get(AGENT_NS)
        if identity is not None:
            found[sid] = identity
    return found


def stale(sockets):
    """The sids among `sockets` whose agent is gone or carries another token version."""
    ids = {identity["id"] for identity in sockets.values()}
    if not ids:
        return []
    versions = dict(
        db.session.execute(select(Agent.id, Agent.token_version).where(Agent.id.in_(ids))).all()
    )
    return [
        sid
        for sid, identity in sockets.items()
        if versions.get(identity["id"]) != identity.get("ver", 0)
    ]


def close_stale_agent_sockets(socketio, room=AGENTS_ROOM):
    """Close this worker's agent sockets (in `room`) whose session ended; their count."""
    server = socketio.server
    closing = stale(agent_sockets(server, room))
    for sid in closing:
        server.disconnect(sid, namespace=AGENT_NS)
    return len(closing)
