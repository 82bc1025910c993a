"""Agents' away flags in Redis, each written under a per-agent version.

A status change sent while Redis is partitioned is answered `unavailable` after the
timeout, but its command may already be on the wire and reach Redis once the partition
heals: later than the agent's next change, which it would then undo. So a change reads
the agent's version and writes flag and version+1 only if the version is still the one it
read (compare and set, in one script); a command that arrives late finds the version moved
by the change that came after it and does nothing. Without a later change it still lands:
it was the agent's last word, and `unavailable` means "not confirmed".

After Redis lost its data (a restart, a promoted replica behind), a worker writes back the
flags of its own agents only where Redis has no version: it never overrides a change that
reached this Redis.
"""

import redis

ATTEMPTS = 5  # compare-and-set rounds lost to the agent's own changes on other workers

# KEYS: the away set, the version hash. ARGV: agent id, the version read ('' for none),
# 1 for away. Returns the new version, or nil when another change came first.
COMPARE_AND_SET = """
local current = redis.call('HGET', KEYS[2], ARGV[1]) or ''
if current ~= ARGV[2] then return nil end
local version = (tonumber(current) or 0) + 1
redis.call('HSET', KEYS[2], ARGV[1], version)
if ARGV[3] == '1' then redis.call('SADD', KEYS[1], ARGV[1])
else redis.call('SREM', KEYS[1], ARGV[1]) end
return version
"""

# Same KEYS and ARGV: the flag written back only where no version is stored.
WRITE_BACK = """
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return nil end
redis.call('HSET', KEYS[2], ARGV[1], 0)
if ARGV[3] == '1' then redis.call('SADD', KEYS[1], ARGV[1])
else redis.call('SREM', KEYS[1], ARGV[1]) end
return 0
"""


class ChangeRaced(redis.RedisError):
    """Every compare-and-set round lost to another change of the same agent."""


class AwayFlags:
    def __init__(self, client, away_key, version_key):
        self.redis = client
        self.keys = [away_key, version_key]
        self._compare_and_set = client.register_script(COMPARE_AND_SET)
        self._write_back = client.register_script(WRITE_BACK)

    def set(self, agent_id, away):
        """Write the agent's flag; return its new version."""
        for _ in range(ATTEMPTS):
            version = self.compare_and_set(agent_id, self.version(agent_id), away)
            if version is not None:
                return version
        raise ChangeRaced(f"agent {agent_id}: status changed {ATTEMPTS} times meanwhile")

    def version(self, agent_id):
        """The agent's version as stored ('' when none)."""
        return self.redis.hget(self.keys[1], agent_id) or ""

    def compare_and_set(self, agent_id, read, away):
        """Write the flag if the version is still `read`; return the new version or None."""
        version = self._compare_and_set(keys=self.keys, args=[agent_id, read, 1 if away else 0])
        return None if version is None else int(version)

    def write_back(self, pipe, agent_id, away):
        """Queue on `pipe` the flag as this worker last set it, for a Redis without one."""
        self._write_back(keys=self.keys, args=[agent_id, "", 1 if away else 0], client=pipe)
