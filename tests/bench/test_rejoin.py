"""bench/rejoin.py, the reconnecting load process, against two Node reference servers: the
sockets of a server that goes away come back, on the other one, and say when."""

import shutil
import time

import pytest

from bench.clients import LoadProcess
from bench.servers import running

from ..services import unavailable

SOCKETS = 50


def wait_for_status(process, condition, seconds):
    """The load process's status once `condition` holds for it (fail after `seconds`)."""
    deadline = time.monotonic() + seconds
    while True:
        status = process.ask({"cmd": "status"}, "status")
        if condition(status):
            return status
        if time.monotonic() > deadline:
            pytest.fail(f"status never met the condition: {status}")
        time.sleep(0.2)


@pytest.mark.timeout(120)
def test_dropped_sockets_reconnect_on_the_next_server():
    for command in ("node", "npm"):
        if shutil.which(command) is None:
            unavailable(f"`{command}` is not installed (the Node reference server needs it)")
    auths = [{"token": f"r{i}"} for i in range(SOCKETS)]
    with running("node") as first, running("node") as second:
        urls = [first.workers[0].url, second.workers[0].url]
        process = LoadProcess(
            "rejoining", urls[0], "/visitor", auths, 0, module="bench.rejoin", urls=urls
        )
        try:
            assert process.expect("connected", 60)["ok"] == SOCKETS
            status = process.ask({"cmd": "status"}, "status")
            assert status["per_worker"] == [SOCKETS, 0]
            assert (status["dropped"], status["back"]) == (0, 0)

            stopped = time.time()
            first.stop()  # gone for good: every first attempt (on it) is refused
            status = wait_for_status(process, lambda s: s["back"] == SOCKETS, 30)
            timeline = process.ask({"cmd": "timeline"}, "timeline")["visitors"]
        finally:
            process.stop()
    assert status["per_worker"] == [0, SOCKETS]
    assert status["failed_attempts"] == SOCKETS
    assert all("Refused" in error for error in status["errors"]), status
    for dropped_at, back_at, worker, attempts, drops in timeline:
        assert (worker, attempts, drops) == (1, 2, 1)
        # The backoff: attempt 1 after 0.5–1.5 s (refused), attempt 2 after 1–3 s more (the
        # upper bound leaves a busy machine room for slow connects).
        assert stopped <= dropped_at < back_at
        assert 1.5 <= back_at - dropped_at < 15
