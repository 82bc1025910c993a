"""Live state (presence, away flags): one interface, a backend picked in the factory."""

from flask import current_app

from .base import AWAY, OFFLINE, ONLINE, StateBackend
from .memory import MemoryState

EXTENSION_KEY = "kefu.state"

__all__ = ["AWAY", "OFFLINE", "ONLINE", "StateBackend", "MemoryState", "current_state", "build"]


def build(config):
    """Create the backend the configuration asks for."""
    if config.get("REDIS_URL"):
        from .redis import RedisState  # imported lazily: embedded mode needs no Redis

        return RedisState(
            config["REDIS_URL"],
            prefix=config["REDIS_PREFIX"],
            worker_ttl=config["WORKER_TTL_SECONDS"],
            timeout=config.get("REDIS_TIMEOUT_SECONDS", 2.0),
        )
    return MemoryState()


def current_state():
    """Return the state backend of the running app."""
    return current_app.extensions[EXTENSION_KEY]
