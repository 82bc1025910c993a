"""Presence shared by every worker through Redis.

Each worker heartbeats into a sorted set (score = when its lease runs out). A socket
is stored as "<worker>:<sid>" in its agent's set, so the sockets of a worker that died
stop counting as soon as its lease lapses, and the sweeper reaps them.

An agent's away flag is written under a version (away_flags.py), so that a change that
reaches Redis late never undoes a newer one.

Redis may go away. Each worker keeps a mirror of its own sockets and away flags; reads
fall back to "nobody online" (conversations wait in the queue rather than go to an agent
we cannot see), new agent sockets are refused (their clients retry), and the first
heartbeat that gets through writes the mirror back (a restarted Redis has lost it all).
A heartbeat that finds this worker's lease gone writes it back too: a Redis that lost its
data without an error seen here (a replica promoted before the last writes reached it, a
restart between two beats).
"""

import logging
import threading
import time
import uuid

import redis

from .. import redisconn
from ..errors import Unavailable
from ..timeutil import epoch_seconds, from_epoch_seconds
from .away_flags import AwayFlags, ChangeRaced
from .base import AWAY, OFFLINE, ONLINE, StateBackend

log = logging.getLogger(__name__)


class StateUnavailable(Unavailable):
    message = "Live state (Redis) is unavailable; try again in a moment."


class RedisState(StateBackend):
    def __init__(self, url, prefix="kefu:", worker_ttl=15, timeout=2.0):
        self.redis = redisconn.client(url, timeout, decode_responses=True)
        self.worker_id = uuid.uuid4().hex[:16]
        self.worker_ttl = worker_ttl
        self.prefix = prefix
        self.workers_key = prefix + "workers"
        self.connected_key = prefix + "agents:connected"
        self.away_key = prefix + "agents:away"
        self.offline_key = prefix + "agents:offline_since"
        self._away = AwayFlags(self.redis, self.away_key, prefix + "agents:away_version")
        # This worker's own truth, written back to Redis after an outage.
        self._lock = threading.Lock()
        self._local_sockets = {}  # agent_id -> {sid}
        self._local_away = set()
        self._dirty = False

    def _sockets_key(self, agent_id):
        return f"{self.prefix}agent:{agent_id}:sockets"

    def _member(self, sid):
        return f"{self.worker_id}:{sid}"

    def _lost(self, action, exc):
        if not self._dirty:
            log.error(
                "Redis unavailable (%s): %s; presence falls back until it returns", action, exc
            )
        self._dirty = True

    # --- leases ----------------------------------------------------------------------------

    def heartbeat(self):
        """Renew this worker's lease; after an outage, write this worker's sockets back."""
        try:
            if self._dirty:
                self._resync()
            pipe = self.redis.pipeline(transaction=False)
            pipe.zscore(self.workers_key, self.worker_id)
            pipe.zadd(self.workers_key, {self.worker_id: time.time() + self.worker_ttl})
            lease, _ = pipe.execute()
            if lease is None and not self._dirty:
                self._resync()  # this Redis never saw this worker, or lost what it saw
        except redis.RedisError as exc:
            self._lost("heartbeat", exc)
            return
        if self._dirty:
            self._dirty = False
            log.warning("Redis is back: presence of this worker written back")

    def _resync(self):
        with self._lock:
            local = {a: set(sids) for a, sids in self._local_sockets.items()}
            away = set(self._local_away)
        mine = f"{self.worker_id}:"
        pipe = self.redis.pipeline()
        for agent_id in self.redis.smembers(self.connected_key):
            stale = [
                m
                for m in self.redis.smembers(self._sockets_key(agent_id))
                if m.startswith(mine) and m[len(mine) :] not in local.get(int(agent_id), ())
            ]
            if stale:
                pipe.srem(self._sockets_key(agent_id), *stale)
        for agent_id, sids in local.items():
            pipe.sadd(self._sockets_key(agent_id), *(self._member(s) for s in sids))
            pipe.sadd(self.connected_key, agent_id)
            pipe.hdel(self.offline_key, agent_id)
            self._away.write_back(pipe, agent_id, agent_id in away)
        pipe.execute()

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

    # --- sockets and status ----------------------------------------------------------------

    def add_agent_socket(self, agent_id, sid):
        try:
            live = self.live_workers()
            was_offline = not self._live(self.redis.smembers(self._sockets_key(agent_id)), live)
            pipe = self.redis.pipeline()
            pipe.sadd(self._sockets_key(agent_id), self._member(sid))
            pipe.sadd(self.connected_key, agent_id)
            pipe.hdel(self.offline_key, agent_id)
            pipe.execute()
        except redis.RedisError as exc:
            self._lost("connect", exc)
            raise StateUnavailable() from None
        with self._lock:
            self._local_sockets.setdefault(agent_id, set()).add(sid)
        return was_offline

    def remove_agent_socket(self, agent_id, sid):
        with self._lock:
            sids = self._local_sockets.get(agent_id, set())
            sids.discard(sid)
            if not sids:
                self._local_sockets.pop(agent_id, None)
                self._local_away.discard(agent_id)
        try:
            if not self.redis.srem(self._sockets_key(agent_id), self._member(sid)):
                return False
            if self._live(self.redis.smembers(self._sockets_key(agent_id)), self.live_workers()):
                return False
            self._mark_offline(agent_id, time.time())
        except redis.RedisError as exc:
            self._lost("disconnect", exc)  # the mirror no longer has it: resync removes it
            return False
        return True

    def _mark_offline(self, agent_id, since):
        pipe = self.redis.pipeline()
        pipe.srem(self.connected_key, agent_id)
        pipe.srem(self.away_key, agent_id)
        pipe.hsetnx(self.offline_key, agent_id, since)
        pipe.execute()

    def set_away(self, agent_id, away):
        with self._lock:
            if away:
                self._local_away.add(agent_id)
            else:
                self._local_away.discard(agent_id)
        try:
            self._away.set(agent_id, away)  # fenced: a late-arriving older change is void
        except ChangeRaced:
            raise StateUnavailable() from None
        except redis.RedisError as exc:
            self._lost("status", exc)
            raise StateUnavailable() from None

    def agent_statuses(self, agent_ids):
        agent_ids = list(agent_ids)
        try:
            live = self.live_workers()
            sockets = self._sockets_by_agent(agent_ids)
            away = self.redis.smembers(self.away_key)
        except redis.RedisError as exc:
            self._lost("read", exc)
            return {agent_id: OFFLINE for agent_id in agent_ids}
        statuses = {}
        for agent_id in agent_ids:
            if not self._live(sockets[agent_id], live):
                statuses[agent_id] = OFFLINE
            else:
                statuses[agent_id] = AWAY if str(agent_id) in away else ONLINE
        return statuses

    def online_agent_ids(self):
        try:
            connected = [int(a) for a in self.redis.smembers(self.connected_key)]
        except redis.RedisError as exc:
            self._lost("read", exc)
            return set()
        return {a for a, status in self.agent_statuses(connected).items() if status == ONLINE}

    def offline_since(self, agent_id, now):
        try:
            if self.agent_status(agent_id) != OFFLINE or self._dirty:
                return None  # while Redis is away nobody can be known to be gone
            self.redis.hsetnx(self.offline_key, agent_id, epoch_seconds(now))
            return from_epoch_seconds(self.redis.hget(self.offline_key, agent_id))
        except redis.RedisError as exc:
            self._lost("read", exc)
            return None

    def reap_dead_workers(self):
        """Forget sockets of workers whose lease lapsed; their agents may go offline."""
        try:
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
        except redis.RedisError as exc:
            self._lost("reap", exc)
            return []
        return went_offline

    def ping(self):
        try:
            return bool(self.redis.ping())
        except redis.RedisError:
            return False
