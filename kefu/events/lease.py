"""Leases: which worker relays the outbox, and which delivers each webhook. A lease is a
Redis key holding its owner's id with an expiry; the owner renews it well before then. A
worker that dies or loses Redis stops renewing, and another worker takes it over once it
expires. Without Redis there is one process, which holds every lease."""

RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class RedisLease:
    def __init__(self, client, key, owner, seconds):
        self.redis = client
        self.key = key
        self.owner = owner
        self.ms = int(seconds * 1000)
        self._renew = client.register_script(RENEW)
        self._release = client.register_script(RELEASE)

    def hold(self):
        """Take or renew the lease; whether this owner holds it now. Redis away: False."""
        try:
            return bool(self._renew(keys=[self.key], args=[self.owner, self.ms]))
        except Exception:
            return False

    def release(self):
        try:
            self._release(keys=[self.key], args=[self.owner])
        except Exception:
            pass  # it expires by itself


class OwnLease:
    """The lease of the only process."""

    def hold(self):
        return True

    def release(self):
        pass
