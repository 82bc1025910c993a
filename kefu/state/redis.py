"""Presence shared by every worker through Redis.

Each worker heartbeats into a sorted set (score = when its lease runs out). A socket
is stored as "<worker>:<sid>" in its agent's set, so the sockets of a worker that died
stop counting as soon as its lease lapses, and the sweeper reaps them.
"""

import time
import uuid
from datetime import UTC, datetime

import redis

from .base import AWAY, OFFLINE, ONLINE, StateBackend


def _epoch(naive_utc):
    return naive_utc.replace(tzinfo=UTC).timestamp()


def _naive_utc(epoch):
    return datetime.fromtimestamp(float(epoch), UTC).replace(tzinfo=None)


class RedisState(StateBackend):
    def __init__(self, url, prefix="kefu:", worker_ttl=15):
        self.redis = redis.Redis.from_url(
            url, decode_responses=True, socket_timeout=5, socket_connect_timeout=3
        )
        self.worker_id = uuid.uuid4().hex[:16]
        self.worker_ttl = worker_ttl
        self.prefix = prefix
        self.workers_key = prefix + "workers"
        self.connected_key = prefix + "agents:connected"
        self.away_key = prefix + "agents:away"
        self.offline_key = prefix + "agents:offline_since"

    def _sockets_key(self, agent_id):
        return f"{self.prefix}agent:{agent_id}:sockets"

    def heartbeat(self):
        """Renew this worker's lease; sockets of workers whose lease ran out do not count."""
        self.redis.zadd(self.workers_key, {self.worker_id: time.time() + self.worker_ttl})

    def live_workers(self):
        return set(self.redis.zrangebyscore(self.workers_key, time.time(), "+inf")) | {
            self.worker_id
        }

    def _sockets_by_agent(self, agent_ids):
        pipe = self.redis.pipeline(transaction=False)
        for agent_id in agent_ids:
            pipe.smembers(self._sockets_key(agent_id))
        return dict(zip(agent_ids, pipe.execute(), strict=True))

    @staticmethod
    def _live(members, live):
        return [m for m in members if m.split(":", 1)[0] in live]

    def add_agent_socket(self, agent_id, sid):
        live = self.live_workers()
        was_offline = not self._live(self.redis.smembers(self._sockets_key(agent_id)), live)
        pipe = self.redis.pipeline()
        pipe.sadd(self._sockets_key(agent_id), f"{self.worker_id}:{sid}")
        pipe.sadd(self.connected_key, agent_id)
        pipe.hdel(self.offline_key, agent_id)
        pipe.execute()
        return was_offline

    def remove_agent_socket(self, agent_id, sid):
        if not self.redis.srem(self._sockets_key(agent_id), f"{self.worker_id}:{sid}"):
            return False
        if self._live(self.redis.smembers(self._sockets_key(agent_id)), self.live_workers()):
            return False
        self._mark_offline(agent_id, time.time())
        return True

    def _mark_offline(self, agent_id, since):
        pipe = self.redis.pipeline()
        pipe.srem(self.connected_key, agent_id)
        pipe.srem(self.away_key, agent_id)
        pipe.hsetnx(self.offline_key, agent_id, since)
        pipe.execute()

    def set_away(self, agent_id, away):
        if away:
            self.redis.sadd(self.away_key, agent_id)
        else:
            self.redis.srem(self.away_key, agent_id)

    def agent_statuses(self, agent_ids):
        agent_ids = list(agent_ids)
        live = self.live_workers()
        sockets = self._sockets_by_agent(agent_ids)
        away = self.redis.smembers(self.away_key)
        statuses = {}
        for agent_id in agent_ids:
            if not self._live(sockets[agent_id], live):
                statuses[agent_id] = OFFLINE
            else:
                statuses[agent_id] = AWAY if str(agent_id) in away else ONLINE
        return statuses

    def online_agent_ids(self):
        connected = [int(a) for a in self.redis.smembers(self.connected_key)]
        return {a for a, status in self.agent_statuses(connected).items() if status == ONLINE}

    def offline_since(self, agent_id, now):
        if self.agent_status(agent_id) != OFFLINE:
            return None
        self.redis.hsetnx(self.offline_key, agent_id, _epoch(now))
        return _naive_utc(self.redis.hget(self.offline_key, agent_id))

    def reap_dead_workers(self):
        """Forget sockets of workers whose lease lapsed; their agents may go offline."""
        live = self.live_workers()
        connected = [int(a) for a in self.redis.smembers(self.connected_key)]
        went_offline = []
        for agent_id, members in self._sockets_by_agent(connected).items():
            dead = [m for m in members if m.split(":", 1)[0] not in live]
            if dead:
                self.redis.srem(self._sockets_key(agent_id), *dead)
            if len(dead) == len(members):
                self._mark_offline(agent_id, time.time())
                went_offline.append(agent_id)
        # Leases that ran out an hour ago are history.
        self.redis.zremrangebyscore(self.workers_key, "-inf", time.time() - 3600)
        return went_offline

    def ping(self):
        return bool(self.redis.ping())
