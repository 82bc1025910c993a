"""New Socket.IO connections admitted a bounded number at a time (KEFU_HANDSHAKE_CONCURRENCY).

A worker that takes a storm of reconnects (a neighbour restarted, with thousands of
sockets) would otherwise have thousands of handshakes under way at once: each turn of the
gevent loop then runs a step of every one of them, and the chats already on the worker wait
a turn for each of their steps (their messages took seconds: docs/performance.md, "A worker
restarted under 15,000 sockets").

Here a request that opens a connection (a `/socket.io/` request without a `sid`) waits for a
permit as `kefu serve` reads it, before Engine.IO sees it, and keeps it until its first
namespace connect was handled or HOLD_SECONDS passed (a client that opens and never
connects a namespace, or goes away, holds one only that long). Those beyond the limit wait
in arrival order, costing the loop nothing; one that waited WAIT_SECONDS goes ahead without
a permit. A permit spans one client round trip (the open packet out, the namespace connect
back), so a worker admits at most limit / round trip handshakes a second: 64 at 100 ms is
640 a second, about what one worker handles anyway.
"""

import gevent
from gevent.lock import Semaphore

from ..metrics import HANDSHAKES_WAITED_OUT, HANDSHAKES_WAITING

ENVIRON_KEY = "kefu.handshake_permit"
HOLD_SECONDS = 5.0  # the longest a permit stays with one connection
WAIT_SECONDS = 15.0  # under the clients' 20 s connect timeout
SOCKETIO_PATH = "/socket.io/"


class Permit:
    """One admitted handshake's place; released once, by whichever comes first."""

    __slots__ = ("_gate", "_timer")

    def __init__(self, gate):
        self._gate = gate
        self._timer = gevent.get_hub().loop.timer(HOLD_SECONDS)
        self._timer.start(self.release)

    def release(self):
        if self._gate is not None:
            gate, self._gate = self._gate, None
            timer, self._timer = self._timer, None
            timer.close()
            gate.release()


class HandshakeGate:
    """At most `limit` connection handshakes under way at once."""

    def __init__(self, limit, wait_seconds=WAIT_SECONDS):
        self.wait_seconds = wait_seconds
        self._permits = Semaphore(limit)

    def admit(self, environ):
        """Wait for a permit if this request opens a connection; the permit goes into the
        environ, where the namespace connect finds it. One that waited out WAIT_SECONDS goes
        ahead without one."""
        if not opens_connection(environ):
            return
        HANDSHAKES_WAITING.inc()
        try:
            admitted = self._permits.acquire(timeout=self.wait_seconds)
        finally:
            HANDSHAKES_WAITING.dec()
        if admitted:
            environ[ENVIRON_KEY] = Permit(self._permits)
        else:
            HANDSHAKES_WAITED_OUT.inc()


def gated_handler(handler_class, gate):
    """`handler_class` (a pywsgi handler) whose requests wait at `gate` as their environ is
    made: before the app runs, and with no frame of the gate's left below the app. A
    websocket's request runs for the socket's whole life, and a WSGI middleware's frame on
    every socket's stack cost the message path (docs/performance.md)."""

    class GatedHandler(handler_class):
        def get_environ(self):
            environ = super().get_environ()
            gate.admit(environ)
            return environ

    GatedHandler.__name__ = GatedHandler.__qualname__ = "Gated" + handler_class.__name__
    return GatedHandler


def opens_connection(environ):
    return environ.get("PATH_INFO", "").startswith(SOCKETIO_PATH) and "sid=" not in environ.get(
        "QUERY_STRING", ""
    )


def handshake_done(environ):
    """The connection's first namespace connect was handled: its permit goes back."""
    permit = environ.pop(ENVIRON_KEY, None)
    if permit is not None:
        permit.release()
