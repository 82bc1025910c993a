"""Rate limits: moving windows kept in memory, or in Redis so all workers share them."""

from flask import current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import RateLimited

EXTENSION_KEY = "kefu.ratelimit"


def build(config):
    """The limiter for this app: shared through Redis in multi-worker mode."""
    redis_url = config.get("REDIS_URL")
    return MovingWindowRateLimiter(storage_from_string(redis_url or "memory://"))


def enforce(setting, *identity):
    """Count one hit against the limit in `setting`; raise RateLimited past it."""
    limit_text = current_app.config.get(setting)
    if not limit_text:
        return
    limit = parse(limit_text)
    key = ":".join(["kefu-rl", setting.lower(), *map(str, identity)])
    if not current_app.extensions[EXTENSION_KEY].hit(limit, key):
        raise RateLimited(f"Too many requests: at most {limit_text}. Try again shortly.")
