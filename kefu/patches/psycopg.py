"""psycopg's waits parked on gevent's own loop.

Under gevent's monkey patching psycopg cannot use its C wait (it would block the whole
process), so it falls back to `select.poll`, which gevent emulates: every statement's wait
builds a poll object, a watcher per registration and a `Timeout` for psycopg's 100 ms
wake-up interval (its cost on the message path: docs/performance.md). Here a wait first
asks the socket with psycopg's own non-blocking C check (one `poll(2)` with a zero timeout)
and only when it is not ready parks the greenlet on one libev watcher: a query's send is
usually ready at once and its answer costs one watcher."""

import logging
import time

from gevent import Timeout, get_hub, monkey
from psycopg import errors, waiting
from psycopg._cmodule import _psycopg
from psycopg.waiting import Ready, Wait

LIBRARY = "psycopg"
VERSIONS = frozenset({"3.3.9"})
# `wait` keeps the contract of the wait psycopg picks under gevent (wait_poll).
UPSTREAM = {
    "psycopg.waiting:wait_poll": "52ead2b0c132",
    # ... and is reached through the module attribute, looked up at every wait.
    "psycopg.connection:Connection.wait": "2bd8787b3dee",
}

log = logging.getLogger(__name__)


def wait(gen, fileno, interval=0.0, timeout=None):
    """psycopg's `waiting.wait` contract: drive `gen` until it returns, raising
    `_WaitTimeout` when it has not finished within `timeout` seconds."""
    ready_now = _psycopg.ready_c
    hub = get_hub()
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        state = next(gen)
        while True:
            ready = ready_now(fileno, state)
            if not ready:
                _park(hub, fileno, state, deadline)
                # libev woke us for what we awaited, unless the deadline did or either of
                # read and write would do; only then ask the socket which.
                ready = int(state)
                if deadline is not None or state == Wait.RW:
                    ready = ready_now(fileno, state)
                if not ready:
                    state = gen.send(Ready.NONE)  # it answers with what it still awaits
                    if deadline is not None and time.monotonic() >= deadline:
                        raise errors._WaitTimeout("wait timeout expired")
                    continue
            state = gen.send(ready)
    except StopIteration as done:
        return done.value


def _park(hub, fileno, state, deadline):
    watcher = hub.loop.io(fileno, int(state))  # psycopg's read/write bits are libev's
    try:
        if deadline is None:
            hub.wait(watcher)
        else:
            with Timeout(max(deadline - time.monotonic(), 0), False):
                hub.wait(watcher)
    finally:
        watcher.close()


def install(socketio=None):
    """Make psycopg wait through `wait` when gevent has patched `select` (a `kefu serve`
    worker) and psycopg's C module is there; elsewhere psycopg keeps its own choice.
    False when nothing was changed."""
    if _psycopg is None or not monkey.is_module_patched("select"):
        return False
    waiting.wait = wait
    log.debug("psycopg waits on the gevent loop")
    return True
