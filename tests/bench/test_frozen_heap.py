"""A serving process keeps its long-lived heap frozen (kefu/runtime/heap.py). A frozen object
that dies in a reference cycle is never freed, so connections that come and go must leave
no cycles behind: the frozen count must come back to where it was, round after round.
Real processes: `kefu serve` on SQLite and the bench's load generator."""

import time

import pytest

from bench.clients import LoadProcess
from bench.servers import minted_visitor_tokens, running

SOCKETS = 300
ROUNDS = 4  # the first one warms up (caches, first-use imports): it is not compared
SETTINGS = {
    "KEFU_GC_FREEZE_SECONDS": "0.2",
    # The ping-timeout check holds a snapshot of the sockets for one timeout cycle.
    "KEFU_PING_INTERVAL": "2",
    "KEFU_PING_TIMEOUT": "2",
}


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.timeout(180)
def test_closed_sockets_leave_nothing_frozen():
    auths = [{"token": t} for t in minted_visitor_tokens(SOCKETS)]
    with running("kefu", 1, env=SETTINGS) as target:
        url, admin = target.workers[0].url, target.admin_token()

        def frozen():
            return target.runtime(0, admin)["gc"]["frozen_objects"]

        def connected():
            return target.runtime(0, admin)["engineio_sockets"]

        after_close = []
        for _ in range(ROUNDS):
            before = frozen()
            batch = LoadProcess("idle", url, "/visitor", auths, 0)
            try:
                assert batch.expect("connected", 60)["ok"] == SOCKETS
                # The sockets' objects are frozen within a freeze interval or two.
                wait_for(lambda b=before: frozen() - b > 20 * SOCKETS, 10, "the sockets frozen")
            finally:
                batch.stop()
            wait_for(lambda: connected() == 0, 10, "every socket closed")
            time.sleep(3)  # one ping-timeout cycle: the last references go
            after_close.append(frozen())

    # A closed socket that left one cycle behind would add SOCKETS objects a round.
    growth = after_close[-1] - after_close[1]
    assert growth < SOCKETS / 2, f"frozen after each round: {after_close}"
