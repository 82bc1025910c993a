"""Agent sockets checked against the database: a socket whose session ended is closed, and
the others are moved into or out of the overseers' room as their agent's role is now.

A session ends when the agent was deleted, or its tokens were revoked (a password change)
since the socket connected. Every event of an agent socket already re-reads the agent
(sockets/session.py), so such a socket can no longer act; closing it also stops what it
would still hear (the queue, with visitors' names and emails). Likewise a supervisor
demoted to agent stops hearing every open conversation (the overseers' room) and stops
following colleagues' chats it may no longer list (its watch rooms); one promoted starts.
The worker that ends a session closes that agent's sockets at once; every worker also
checks all of its own agent sockets every KEFU_REVALIDATE_SECONDS
(runtime/background.py), which reaches sockets on other workers."""

from sqlalchemy import select

from ..chat.principals import role_oversees
from ..chat.visibility import agents_see_all_open
from ..extensions import db
from ..models import Agent
from .rooms import AGENT_NS, AGENTS_ROOM, OVERSEERS_ROOM, agent_room, is_watch_room
from .session import ENVIRON_KEY


def agent_sockets(server, room=AGENTS_ROOM):
    """{sid: the identity saved at connect} of this worker's /agent sockets in `room`."""
    found = {}
    for sid, eio_sid in list(server.manager.get_participants(AGENT_NS, room)):
        identity = (server.environ.get(eio_sid) or {}).get(ENVIRON_KEY, {}).get(AGENT_NS)
        if identity is not None:
            found[sid] = identity
    return found


def current_agents(sockets):
    """{agent id: (token version, role)} of the agents behind `sockets`, read now."""
    ids = {identity["id"] for identity in sockets.values()}
    if not ids:
        return {}
    rows = db.session.execute(
        select(Agent.id, Agent.token_version, Agent.role).where(Agent.id.in_(ids))
    )
    return {agent_id: (version, role) for agent_id, version, role in rows}


def stale(sockets, agents=None):
    """The sids among `sockets` whose agent is gone or carries another token version."""
    agents = current_agents(sockets) if agents is None else agents
    return [
        sid
        for sid, identity in sockets.items()
        if (agents.get(identity["id"]) or (None,))[0] != identity.get("ver", 0)
    ]


def close_stale_agent_sockets(socketio, room=AGENTS_ROOM):
    """Close this worker's agent sockets (in `room`) whose session ended, and put the others
    in the rooms their agent's role allows now; the count of sockets closed."""
    server = socketio.server
    sockets = agent_sockets(server, room)
    agents = current_agents(sockets)
    closing = stale(sockets, agents)
    for sid in closing:
        server.disconnect(sid, namespace=AGENT_NS)
    for sid, identity in sockets.items():
        if sid not in closing:
            place_by_role(server, sid, agents[identity["id"]][1])
    return len(closing)


def place_agent_sockets(socketio, agent_id, role):
    """Put this worker's sockets of one agent in the rooms `role` allows (at once, on the
    worker that changed the role; the others follow at their next revalidation)."""
    server = socketio.server
    for sid in agent_sockets(server, agent_room(agent_id)):
        place_by_role(server, sid, role)


def place_by_role(server, sid, role):
    """Join or leave the overseers' room as `role` says; a plain agent that may not list
    colleagues' open conversations stops following them (leaves its watch rooms)."""
    rooms = set(server.manager.get_rooms(sid, AGENT_NS))
    if role_oversees(role):  # they hear every open conversation's changes (All open)
        if OVERSEERS_ROOM not in rooms:
            server.enter_room(sid, OVERSEERS_ROOM, namespace=AGENT_NS)
        return
    if OVERSEERS_ROOM in rooms:
        server.leave_room(sid, OVERSEERS_ROOM, namespace=AGENT_NS)
    watching = [r for r in rooms if is_watch_room(r)]
    if watching and not agents_see_all_open():
        for watched in watching:
            server.leave_room(sid, watched, namespace=AGENT_NS)
