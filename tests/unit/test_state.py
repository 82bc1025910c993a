"""The state backend contract: memory and Redis backends pass the same tests."""

import time
import uuid
from datetime import datetime

import pytest

from kefu.state import AWAY, OFFLINE, ONLINE, MemoryState
from kefu.timeutil import utcnow

from ..services import REDIS_URL, unavailable


def redis_state(prefix, worker_ttl=15):
    import redis

    from kefu.state.redis import RedisState

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        unavailable(f"redis unreachable at {REDIS_URL}: {exc}")
    state = RedisState(REDIS_URL, prefix=prefix, worker_ttl=worker_ttl)
    state.heartbeat()
    return state


@pytest.fixture
def redis_workers():
    """A factory of Redis state objects sharing one key prefix (one deployment, a worker
    each); the prefix's keys are deleted afterwards."""
    prefix = f"kefu-test:{uuid.uuid4().hex[:8]}:"
    made = []

    def make(worker_ttl=15):
        made.append(redis_state(prefix, worker_ttl))
        return made[-1]

    make.prefix = prefix
    yield make
    if made:
        keys = list(made[0].redis.scan_iter(prefix + "*"))
        if keys:
            made[0].redis.delete(*keys)


@pytest.fixture(params=["memory", "redis"])
def make_state(request):
    """A factory of backends sharing one store (for Redis: one key prefix = one deployment)."""
    if request.param == "redis":
        return request.getfixturevalue("redis_workers")
    shared = MemoryState()
    return lambda worker_ttl=15: shared


def test_online_while_any_socket_is_connected(make_state):
    state = make_state()
    assert state.agent_status(1) == OFFLINE
    assert state.add_agent_socket(1, "a") is True
    assert state.add_agent_socket(1, "b") is False
    assert state.agent_status(1) == ONLINE and state.online_agent_ids() == {1}
    assert state.remove_agent_socket(1, "a") is False
    assert state.agent_status(1) == ONLINE
    assert state.remove_agent_socket(1, "b") is True
    assert state.agent_status(1) == OFFLINE and state.online_agent_ids() == set()


def test_removing_an_unknown_socket_changes_nothing(make_state):
    state = make_state()
    state.add_agent_socket(1, "a")
    assert state.remove_agent_socket(1, "zzz") is False
    assert state.agent_status(1) == ONLINE


def test_away_is_connected_but_not_routable(make_state):
    state = make_state()
    state.add_agent_socket(7, "a")
    state.set_away(7, True)
    assert state.agent_status(7) == AWAY and state.online_agent_ids() == set()
    state.set_away(7, False)
    assert state.online_agent_ids() == {7}


def test_going_offline_clears_away(make_state):
    state = make_state()
    state.add_agent_socket(7, "a")
    state.set_away(7, True)
    state.remove_agent_socket(7, "a")
    state.add_agent_socket(7, "b")
    assert state.agent_status(7) == ONLINE


def test_offline_since(make_state):
    state = make_state()
    now = datetime(2026, 1, 1, 12, 0)
    # Never seen: the first question starts the clock.
    assert state.offline_since(3, now) == now
    assert state.offline_since(3, datetime(2026, 1, 1, 12, 5)) == now
    state.add_agent_socket(3, "a")
    assert state.offline_since(3, now) is None
    state.remove_agent_socket(3, "a")
    # Disconnecting starts the clock at that moment, not when someone asks.
    since = state.offline_since(3, datetime(2030, 1, 1))
    assert abs((since - utcnow()).total_seconds()) < 60


def test_statuses_of_many(make_state):
    state = make_state()
    state.add_agent_socket(1, "a")
    state.add_agent_socket(2, "b")
    state.set_away(2, True)
    assert state.agent_statuses([1, 2, 3]) == {1: ONLINE, 2: AWAY, 3: OFFLINE}


def test_presence_is_shared_between_workers(redis_workers):
    """Two Redis workers: an agent connected to one is online for the other."""
    a, b = redis_workers(), redis_workers()
    a.add_agent_socket(5, "sid-on-a")
    assert b.online_agent_ids() == {5}
    b.add_agent_socket(5, "sid-on-b")
    assert a.remove_agent_socket(5, "sid-on-a") is False  # still on b
    assert a.agent_status(5) == ONLINE


def test_dead_worker_sockets_stop_counting(redis_workers):
    """A worker whose lease lapses no longer keeps its agents online, and is reaped."""
    dying, alive = redis_workers(worker_ttl=1), redis_workers()
    dying.add_agent_socket(9, "s")
    assert alive.agent_status(9) == ONLINE
    deadline = time.time() + 5
    while alive.agent_status(9) != OFFLINE and time.time() < deadline:
        time.sleep(0.1)
    assert alive.agent_status(9) == OFFLINE
    assert alive.reap_dead_workers() == [9]
    assert alive.redis.smembers(alive._sockets_key(9)) == set()
    assert alive.offline_since(9, datetime(2030, 1, 1)).year < 2030


def test_redis_presence_is_written_back_after_an_outage(redis_workers):
    """A restarted Redis has lost every key: the worker's first good heartbeat restores its
    own sockets and away flags, and drops what was removed meanwhile."""
    state = redis_workers()
    state.add_agent_socket(1, "a")
    state.add_agent_socket(2, "b")
    state.set_away(2, True)
    state.add_agent_socket(3, "c")
    state.redis.delete(*state.redis.scan_iter(redis_workers.prefix + "*"))  # restarted empty
    state._dirty = True  # what a failed call during the outage leaves behind
    state._local_sockets.pop(3)  # agent 3 disconnected while Redis was away
    assert state.online_agent_ids() == set()
    state.heartbeat()
    assert state.agent_statuses([1, 2, 3]) == {1: ONLINE, 2: AWAY, 3: OFFLINE}


def test_a_status_change_that_reaches_redis_late_cannot_undo_a_newer_one(redis_workers):
    """The command of a change answered `unavailable` (it read the version, then Redis went
    quiet) arrives after the agent's next change: it finds the version moved and does nothing."""
    first, second = redis_workers(), redis_workers()
    first.add_agent_socket(1, "a")
    read_by_refused_change = first._away.version(1)
    second.set_away(1, False)  # the agent's next change, on another worker, confirmed
    assert first._away.compare_and_set(1, read_by_refused_change, True) is None
    assert second.agent_status(1) == ONLINE


def test_a_late_status_change_with_nothing_after_it_still_lands(redis_workers):
    """Without a newer change the late command was the agent's last word."""
    state = redis_workers()
    state.add_agent_socket(1, "a")
    assert state._away.compare_and_set(1, state._away.version(1), True) is not None
    assert state.agent_status(1) == AWAY


def test_writing_back_never_overrides_a_change_that_reached_redis(redis_workers):
    """A worker that saw Redis fail writes its agents' flags back only where Redis has none."""
    first, second = redis_workers(), redis_workers()
    first.add_agent_socket(1, "a")
    first.set_away(1, True)
    second.add_agent_socket(1, "b")
    second.set_away(1, False)  # the agent came back, through the other worker
    first._dirty = True  # the first worker lost a call to Redis meanwhile
    first.heartbeat()  # its write-back
    assert second.agent_status(1) == ONLINE


def test_redis_unreachable_falls_back_safely():
    """Nobody counts as online, nobody is judged lost, new sockets are refused."""
    from kefu.errors import KefuError
    from kefu.state.redis import RedisState

    state = RedisState("redis://127.0.0.1:1/0", prefix="kefu-test-none:")
    assert state.ping() is False
    assert state.online_agent_ids() == set()
    assert state.agent_statuses([1]) == {1: OFFLINE}
    assert state.offline_since(1, datetime(2026, 1, 1)) is None
    with pytest.raises(KefuError) as err:
        state.add_agent_socket(1, "a")
    assert err.value.code == "unavailable" and err.value.status == 503
    state.heartbeat()  # logs, never raises
