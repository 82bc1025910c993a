"""Rate limits: moving windows kept in memory, or in Redis so all workers share them."""

import logging
import time

from flask import current_app
from limits import parse
from limits.storage import RedisStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from . import redisconn
from .errors import RateLimited

log = logging.getLogger(__name__)

EXTENSION_KEY = "kefu.ratelimit"
SETTINGS = ("RATE_LIMIT_MESSAGES", "RATE_LIMIT_VISITOR_AUTH", "RATE_LIMIT_LOGIN")


def build(config):
    """The limiter for this app: shared through Redis in multi-worker mode.

    Every configured limit is parsed here, so a typo stops the start with a clear message.
    """
    for setting in SETTINGS:
        if config.get(setting):
            try:
                parse(config[setting])
            except ValueError:
                raise RuntimeError(
                    f"KEFU_{setting} is not a rate limit: {config[setting]!r} "
                    '(write e.g. "30 per 10 seconds", or "off")'
                ) from None
    redis_url = config.get("REDIS_URL")
    if not redis_url:
        return MovingWindowRateLimiter(storage_from_string("memory://"))
    # Kefu's own connection (sentinels, timeouts: redisconn.py), handed to limits as a pool.
    client = redisconn.client(redis_url, config.get("REDIS_TIMEOUT_SECONDS", 2.0))
    storage = RedisStorage("redis://", connection_pool=client.connection_pool)
    return PausingLimiter(MovingWindowRateLimiter(storage))


class PausingLimiter:
    """A limiter whose storage is Redis: once a hit fails (Redis away, or silent until the
    timeout), limits are not checked for PAUSE_SECONDS, rather than every request waiting
    out the timeout again while Redis is gone."""

    PAUSE_SECONDS = 5.0

    def __init__(self, limiter):
        self.limiter = limiter
        self._paused_until = 0.0

    def hit(self, limit, key):
        if time.monotonic() < self._paused_until:
            raise StoragePaused(f"paused for {self.PAUSE_SECONDS:g}s after a failure")
        try:
            return self.limiter.hit(limit, key)
        except Exception:
            self._paused_until = time.monotonic() + self.PAUSE_SECONDS
            raise


class StoragePaused(Exception):
    """The limiter's storage failed a moment ago: this hit was not counted."""


def enforce(setting, *identity):
    """Count one hit against the limit in `setting`; raise RateLimited past it."""
    limit_text = current_app.config.get(setting)
    if not limit_text:
        return
    limit = parse(limit_text)
    # The deployment's prefix keeps two deployments sharing one Redis apart.
    prefix = current_app.config.get("REDIS_PREFIX", "kefu:")
    key = ":".join([prefix + "rl", setting.lower(), *map(str, identity)])
    try:
        allowed = current_app.extensions[EXTENSION_KEY].hit(limit, key)
    except StoragePaused:
        return
    except Exception as exc:  # storage (Redis) away: serve rather than refuse everyone
        log.warning("rate limit %s not checked: %s", setting, exc)
        return
    if not allowed:
        raise RateLimited(f"Too many requests: at most {limit_text}. Try again shortly.")
