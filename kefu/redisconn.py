"""Redis connections: the one place a KEFU_REDIS_URL becomes a client, for presence
(state/redis.py), rate limits (ratelimit.py) and the Socket.IO message queue
(sockets/fanout/manager.py).

URLs:
- `redis://[[user]:password@]host:port[/db]`, `rediss://…` (TLS), `unix:///path?db=N`;
- `redis+sentinel://[[user]:password@]host:port[,host:port…]/service_name[/db]`: the
  primary of `service_name` as the sentinels name it, found again after a failover (the
  password is the primary's; sentinels are asked without one).

Every command is bounded (KEFU_REDIS_TIMEOUT_SECONDS, per attempt): a Redis that stops
answering (a partition, a blackhole) costs a caller that bound, never a hang. A command
is tried once more after a broken connection, which rides over a killed client or a
primary that has just been replaced; anything longer is the caller's fallback to handle.
A subscriber's blocking read is not bounded (redis-py reads it without the timeout), so an
idle Socket.IO listener never times out.
"""

from dataclasses import dataclass
from urllib.parse import quote, unquote

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry
from redis.sentinel import Sentinel

SENTINEL_SCHEME = "redis+sentinel"
PLAIN_SCHEMES = ("redis", "rediss", "unix")
RETRIES = 1  # one more attempt after a broken connection or a timeout
BACKOFF = ExponentialBackoff(cap=0.5, base=0.1)


@dataclass(frozen=True)
class SentinelTarget:
    """What a `redis+sentinel://` URL names."""

    sentinels: tuple  # ((host, port), …)
    service_name: str
    db: int = 0
    username: str | None = None
    password: str | None = None


def parse_sentinel(url):
    """The SentinelTarget of a `redis+sentinel://` URL; ValueError naming what is wrong."""
    scheme, sep, rest = url.partition("://")
    if scheme != SENTINEL_SCHEME or not sep:
        raise ValueError(f"not a {SENTINEL_SCHEME}:// URL")
    netloc, _, path = rest.partition("/")
    path = path.split("?", 1)[0]
    userinfo, _, hosts = netloc.rpartition("@")
    username = password = None
    if userinfo:
        user, has_password, secret = userinfo.partition(":")
        username = unquote(user) or None
        password = unquote(secret) if has_password else None
    sentinels = []
    for item in hosts.split(","):
        host, colon, port = item.strip().rpartition(":")
        if not colon or not host or not port.isdigit():
            raise ValueError(f"sentinel {item!r} is not host:port")
        sentinels.append((host.strip("[]"), int(port)))
    parts = [p for p in path.split("/") if p]
    if not parts or len(parts) > 2:
        raise ValueError("write the service name after the sentinels: …/service_name[/db]")
    if len(parts) == 2 and not parts[1].isdigit():
        raise ValueError(f"the database must be a number, not {parts[1]!r}")
    db = int(parts[1]) if len(parts) == 2 else 0
    return SentinelTarget(tuple(sentinels), unquote(parts[0]), db, username, password)


def check_url(url):
    """Refuse at start-up a URL no client could be built from (RuntimeError saying why)."""
    scheme = url.partition("://")[0]
    try:
        if scheme == SENTINEL_SCHEME:
            parse_sentinel(url)
        elif scheme not in PLAIN_SCHEMES:
            raise ValueError(f"unknown scheme {scheme!r}")
    except ValueError as exc:
        raise RuntimeError(
            f"KEFU_REDIS_URL is not a Redis URL ({exc}): write redis://host:port/db, "
            "rediss://…, or redis+sentinel://host:port,host:port/service_name[/db]"
        ) from None


def options(timeout):
    """The keyword arguments every Kefu Redis connection gets (redis-py's names)."""
    return {
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "socket_keepalive": True,
        "retry": Retry(BACKOFF, RETRIES),
    }


def client(url, timeout, **extra):
    """A redis.Redis for `url`, every command bounded by `timeout` seconds per attempt."""
    check_url(url)
    kwargs = {**options(timeout), **extra}
    if url.startswith(SENTINEL_SCHEME + "://"):
        target = parse_sentinel(url)
        sentinel = Sentinel(
            list(target.sentinels),
            sentinel_kwargs={
                "socket_timeout": timeout,
                "socket_connect_timeout": timeout,
                "retry": Retry(BACKOFF, 0),
            },
            **kwargs,
        )
        return sentinel.master_for(
            target.service_name,
            db=target.db,
            username=target.username,
            password=target.password,
        )
    return redis.Redis.from_url(url, **kwargs)


def socketio_queue(url, timeout):
    """(url, redis_options) for python-socketio's RedisManager: its sentinel URLs put the
    database before the service name (`…/db/service_name`) and it would take a password
    from one still percent-encoded, so the credentials go with the options instead."""
    check_url(url)
    kwargs = options(timeout)
    if not url.startswith(SENTINEL_SCHEME + "://"):
        return url, kwargs
    target = parse_sentinel(url)
    if target.username:
        kwargs["username"] = target.username
    if target.password is not None:
        kwargs["password"] = target.password
    hosts = ",".join(
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}" for host, port in target.sentinels
    )
    service = quote(target.service_name, safe="")
    return f"{SENTINEL_SCHEME}://{hosts}/{target.db}/{service}", kwargs
