"""Presence held in this process: the embedded, single-worker mode."""

import threading
from collections import defaultdict

from ..timeutil import utcnow
from .base import AWAY, OFFLINE, ONLINE, StateBackend


class MemoryState(StateBackend):
    def __init__(self):
        # A lock, since the threading async mode (tests) runs handlers in threads.
        self._lock = threading.Lock()
        self._sockets = defaultdict(set)
        self._away = set()
        self._offline_since = {}

    def add_agent_socket(self, agent_id, sid):
        with self._lock:
            was_offline = not self._sockets[agent_id]
            self._sockets[agent_id].add(sid)
            self._offline_since.pop(agent_id, None)
            return was_offline

    def remove_agent_socket(self, agent_id, sid):
        with self._lock:
            sids = self._sockets.get(agent_id)
            if not sids or sid not in sids:
                return False
            sids.discard(sid)
            if sids:
                return False
            del self._sockets[agent_id]
            self._away.discard(agent_id)
            self._offline_since[agent_id] = utcnow()
            return True

    def set_away(self, agent_id, away):
        with self._lock:
            if away:
                self._away.add(agent_id)
            else:
                self._away.discard(agent_id)

    def agent_statuses(self, agent_ids):
        with self._lock:
            return {agent_id: self._status(agent_id) for agent_id in agent_ids}

    def _status(self, agent_id):
        if not self._sockets.get(agent_id):
            return OFFLINE
        return AWAY if agent_id in self._away else ONLINE

    def offline_since(self, agent_id, now):
        with self._lock:
            if self._sockets.get(agent_id):
                return None
            return self._offline_since.setdefault(agent_id, now)

    def online_agent_ids(self):
        with self._lock:
            return {a for a, sids in self._sockets.items() if sids and a not in self._away}
