"""Redis as every Kefu use reaches it (kefu/redisconn.py): the URLs it takes, Sentinel
included, and the bounds that keep a silent Redis from hanging a caller; the rate limiter
that stops waiting on a failed Redis for a moment; presence written back when a Redis lost
it without an error being seen."""

import socket
import time
import uuid

import pytest
import redis
from redis.sentinel import SentinelConnectionPool
from socketio.redis_manager import parse_redis_sentinel_url

from kefu import redisconn
from kefu.ratelimit import PausingLimiter, StoragePaused

from ..services import REDIS_URL, unavailable


@pytest.mark.parametrize(
    ("url", "sentinels", "service", "db", "username", "password"),
    [
        ("redis+sentinel://10.0.0.1:26379/kefu", [("10.0.0.1", 26379)], "kefu", 0, None, None),
        (
            "redis+sentinel://a:26379,b:26380,c:26381/kefu/3",
            [("a", 26379), ("b", 26380), ("c", 26381)],
            "kefu",
            3,
            None,
            None,
        ),
        (
            "redis+sentinel://:s%40cret@a:1,b:2/main",
            [("a", 1), ("b", 2)],
            "main",
            0,
            None,
            "s@cret",
        ),
        ("redis+sentinel://u:p@[::1]:26379/m/1", [("::1", 26379)], "m", 1, "u", "p"),
    ],
)
def test_sentinel_urls(url, sentinels, service, db, username, password):
    target = redisconn.parse_sentinel(url)
    assert list(target.sentinels) == sentinels
    assert (target.service_name, target.db) == (service, db)
    assert (target.username, target.password) == (username, password)


@pytest.mark.parametrize(
    "url",
    [
        "redis+sentinel://a:26379",  # no service name
        "redis+sentinel://a:26379/kefu/zero",
        "redis+sentinel://a/kefu",  # no port
        "redis+sentinel://a:26379/kefu/0/extra",
        "http://a:6379/0",
        "sentinel://a:26379/kefu",
    ],
)
def test_urls_no_client_can_use_are_refused_at_start(url):
    with pytest.raises(RuntimeError, match="KEFU_REDIS_URL"):
        redisconn.check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "redis+sentinel://a:26379,b:26380/kefu/2",
        "redis+sentinel://:pw@a:26379/kefu",
        "redis+sentinel://user:p%2Fw@a:26379/kefu",
    ],
)
def test_the_socketio_queue_reads_the_same_sentinels(url):
    """python-socketio's own parser finds what Kefu's finds in the URL made for it; the
    credentials travel decoded, with the options."""
    target = redisconn.parse_sentinel(url)
    queue_url, options = redisconn.socketio_queue(url, 0.5)
    sentinels, service, kwargs = parse_redis_sentinel_url(queue_url)
    assert sentinels == list(target.sentinels)
    assert service == target.service_name
    assert kwargs.get("db", 0) == target.db
    assert "password" not in kwargs and "username" not in kwargs
    assert options.get("password") == target.password
    assert options.get("username") == target.username
    assert options["socket_timeout"] == 0.5


def test_plain_urls_pass_through_to_the_queue():
    url, options = redisconn.socketio_queue("redis://:p%2Fw@h:6379/1", 0.5)
    assert url == "redis://:p%2Fw@h:6379/1"  # redis-py's from_url decodes it
    assert options["socket_connect_timeout"] == 0.5


def test_the_queue_manager_takes_kefus_connection():
    from kefu.sockets.fanout.manager import client_manager

    manager = client_manager("redis+sentinel://127.0.0.1:1/kefu/2", timeout=0.4)
    assert manager.redis_url == "redis+sentinel://127.0.0.1:1/2/kefu"
    assert manager.redis_options["socket_timeout"] == 0.4


def test_a_sentinel_url_makes_a_client_of_the_primary_with_kefus_bounds():
    client = redisconn.client("redis+sentinel://127.0.0.1:1,127.0.0.1:2/kefu/4", 0.7)
    pool = client.connection_pool
    assert isinstance(pool, SentinelConnectionPool) and pool.service_name == "kefu"
    assert pool.connection_kwargs["db"] == 4
    assert pool.connection_kwargs["socket_timeout"] == 0.7
    assert pool.connection_kwargs["socket_connect_timeout"] == 0.7
    for sentinel in pool.sentinel_manager.sentinels:
        assert sentinel.connection_pool.connection_kwargs["socket_timeout"] == 0.7
    client.close()


def test_a_plain_url_makes_a_client_with_kefus_bounds():
    client = redisconn.client("redis://127.0.0.1:1/2", 0.7, decode_responses=True)
    kwargs = client.connection_pool.connection_kwargs
    assert (kwargs["db"], kwargs["socket_timeout"], kwargs["decode_responses"]) == (2, 0.7, True)
    client.close()


@pytest.fixture
def silent_server():
    """A port whose kernel accepts connections and nobody ever answers (a blackhole)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


@pytest.mark.parametrize("kind", ["redis", "sentinel"])
def test_a_silent_redis_costs_a_bounded_wait(silent_server, kind):
    """Two attempts of at most the timeout each, and a short backoff: never a hang."""
    timeout = 0.3
    url = (
        f"redis://127.0.0.1:{silent_server}/0"
        if kind == "redis"
        else f"redis+sentinel://127.0.0.1:{silent_server}/kefu"
    )
    client = redisconn.client(url, timeout)
    started = time.monotonic()
    with pytest.raises(redis.RedisError):
        client.ping()
    elapsed = time.monotonic() - started
    assert elapsed < (redisconn.RETRIES + 1) * timeout + 1.0
    client.close()


class FailingLimiter:
    def __init__(self):
        self.calls = 0
        self.fail = True

    def hit(self, limit, key):
        self.calls += 1
        if self.fail:
            raise redis.TimeoutError("silent")
        return True


def test_the_limiter_stops_waiting_on_a_failed_redis_for_a_moment(monkeypatch):
    inner = FailingLimiter()
    limiter = PausingLimiter(inner)
    with pytest.raises(redis.TimeoutError):
        limiter.hit("limit", "key")
    with pytest.raises(StoragePaused):
        limiter.hit("limit", "key")
    assert inner.calls == 1
    later = time.monotonic() + PausingLimiter.PAUSE_SECONDS + 0.1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    inner.fail = False
    assert limiter.hit("limit", "key") is True and inner.calls == 2


@pytest.fixture
def redis_state():
    """Presence on the suite's Redis under a prefix of its own, removed afterwards."""
    from kefu.state.redis import RedisState

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        unavailable(f"redis unreachable at {REDIS_URL}: {exc}")
    state = RedisState(REDIS_URL, prefix=f"kefu-test:{uuid.uuid4().hex[:8]}:", timeout=1)
    yield state
    keys = list(state.redis.scan_iter(state.prefix + "*"))
    if keys:
        state.redis.delete(*keys)
    state.redis.close()


def test_presence_lost_without_an_error_is_written_back(redis_state):
    """A Redis that lost this worker's keys between two beats (a replica promoted before
    the writes reached it): the next heartbeat finds its lease gone and writes it all back."""
    from kefu.state import ONLINE

    state = redis_state
    state.heartbeat()
    state.add_agent_socket(7, "sid-a")
    state.set_away(8, False)
    state.add_agent_socket(8, "sid-b")
    state.set_away(8, True)
    state.redis.delete(*state.redis.scan_iter(state.prefix + "*"))
    assert state.agent_statuses([7, 8]) == {7: "offline", 8: "offline"}
    state.heartbeat()
    assert state.agent_statuses([7, 8]) == {7: ONLINE, 8: "away"}
    assert state.redis.zscore(state.prefix + "workers", state.worker_id) is not None
