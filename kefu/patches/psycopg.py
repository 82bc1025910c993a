"""psycopg's waits parked on gevent's own loop.

Under gevent's monkey patching psycopg cannot use its C wait (it would block the whole
process), so it falls back to `select.poll`, which gevent emulates: every statement's wait
builds a poll object, a watcher per registration and a `Timeout` for psycopg's 100 ms
wake-up interval (its cost on the message path: docs/performance.md). Here a wait first
asks the socket with psycopg's own non-blocking C check (one `poll(2)` with a zero timeout)
and only when it is not ready parks the greenlet on one libev watcher: a query's send is
usually ready at once and its answer costs one watcher.

The same loop bounds how long one statement may wait for the database
(KEFU_DB_ANSWER_TIMEOUT_SECONDS): a database behind a network partition never answers and
never closes, so past the bound the connection is shut down. libpq then reads its end and
fails as a lost connection, which SQLAlchemy's pool discards: the request is answered
`unavailable` and the next one gets a new connection."""

import logging
import socket
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


_answer_seconds = [None]  # the longest wait for one statement; None: unbounded


def wait(gen, fileno, interval=0.0, timeout=None):
    """psycopg's `waiting.wait` contract: drive `gen` until it returns, raising
    `_WaitTimeout` when it has not finished within `timeout` seconds."""
    ready_now = _psycopg.ready_c
    hub = get_hub()
    now = time.monotonic()
    deadline = None if timeout is None else now + timeout
    cut_at = None if _answer_seconds[0] is None else now + _answer_seconds[0]
    try:
        state = next(gen)
        while True:
            ready = ready_now(fileno, state)
            if not ready:
                woke = _park(hub, fileno, state, _earliest(deadline, cut_at))
                # libev woke us for what we awaited, unless a deadline did or either of
                # read and write would do; only then ask the socket which.
                ready = int(state) if woke and state != Wait.RW else ready_now(fileno, state)
                if not ready:
                    if cut_at is not None and time.monotonic() >= cut_at:
                        _shut(fileno)  # what libpq reads next is the end: a lost connection
                        cut_at = None
                    state = gen.send(Ready.NONE)  # it answers with what it still awaits
                    if deadline is not None and time.monotonic() >= deadline:
                        raise errors._WaitTimeout("wait timeout expired")
                    continue
            state = gen.send(ready)
    except StopIteration as done:
        return done.value


def _earliest(*moments):
    return min((m for m in moments if m is not None), default=None)


def _shut(fileno):
    log.warning("the database did not answer within %s s: connection shut", _answer_seconds[0])
    shared = socket.socket(fileno=fileno)
    try:
        shared.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        shared.detach()  # the descriptor stays libpq's


def _park(hub, fileno, state, deadline):
    """Wait for the socket; True when it woke us, False when the deadline did."""
    watcher = hub.loop.io(fileno, int(state))  # psycopg's read/write bits are libev's
    try:
        if deadline is None:
            hub.wait(watcher)
            return True
        with Timeout(max(deadline - time.monotonic(), 0), False):
            hub.wait(watcher)
            return True
        return False
    finally:
        watcher.close()


def configure(config):
    """Take the bound on one statement's wait from the app's settings."""
    seconds = config.get("DB_ANSWER_TIMEOUT_SECONDS")
    _answer_seconds[0] = seconds if seconds and seconds > 0 else None


def install(socketio=None):
    """Make psycopg wait through `wait` when gevent has patched `select` (a `kefu serve`
    worker) and psycopg's C module is there; elsewhere psycopg keeps its own choice.
    False when nothing was changed."""
    if _psycopg is None or not monkey.is_module_patched("select"):
        return False
    waiting.wait = wait
    log.debug("psycopg waits on the gevent loop")
    return True
