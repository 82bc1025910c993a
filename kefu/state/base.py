"""The state backend interface: who is connected where, and who is away."""

ONLINE = "online"
AWAY = "away"
OFFLINE = "offline"


class StateBackend:
    """Presence of agents across every socket they hold (on any worker)."""

    def add_agent_socket(self, agent_id, sid):
        """Record a connected socket; return True when the agent was offline before."""
        raise NotImplementedError

    def remove_agent_socket(self, agent_id, sid):
        """Forget a socket; return True when it was the agent's last one."""
        raise NotImplementedError

    def set_away(self, agent_id, away):
        """Mark an agent away (gets no new conversations) or back."""
        raise NotImplementedError

    def agent_status(self, agent_id):
        """Return ONLINE, AWAY or OFFLINE."""
        return self.agent_statuses([agent_id])[agent_id]

    def agent_statuses(self, agent_ids):
        """Return {agent_id: status} for the given ids."""
        raise NotImplementedError

    def offline_since(self, agent_id, now):
        """When the agent lost its last socket; an agent never seen gets `now` recorded."""
        raise NotImplementedError

    def online_agent_ids(self):
        """Return the ids of agents connected and not away."""
        raise NotImplementedError

    def heartbeat(self):
        """Renew this worker's lease (shared backends); nothing to do in one process."""

    def reap_dead_workers(self):
        """Forget sockets held by dead workers; return agents that went offline."""
        return []

    def ping(self):
        """Return True when the backend answers (readiness)."""
        return True
