"""New Socket.IO connections admitted a bounded number at a time (KEFU_HANDSHAKE_CONCURRENCY).

A worker that takes a storm of reconnects (a neighbour restarted, with thousands of
sockets) would otherwise have thousands of handshakes under way at once: each turn of the
gevent loop then runs a step of every one of them, and the chats already on the worker wait
a turn for each of their steps (their messages took seconds: docs/performance.md, "A worker
restarted under 15,000 sockets").

Here a request that opens a connection (a `/socket.io/` request without a `sid`) waits for a
permit before Engine.IO sees it and keeps it until its first namespace connect was handled,
its websocket ended, or HOLD_SECONDS passed (a client that opens and never connects a
namespace holds one only that long). Those beyond the limit wait in arrival order, costing
the loop nothing; one that waits longer than WAIT_SECONDS is answered 503 and its client
retries after its back-off. A permit spans one client round trip (the open packet out, the
namespace connect back), so a worker admits at most limit / round trip handshakes a second:
64 at 100 ms is 640 a second, about what one worker handles anyway.
"""

import gevent
from flask import json
from gevent.lock import Semaphore

from ..metrics import HANDSHAKES_TURNED_AWAY, HANDSHAKES_WAITING

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
            self._timer.close()
            gate.release()


class HandshakeGate:
    """WSGI middleware: at most `limit` connection handshakes in progress at once."""

    def __init__(self, app, limit, wait_seconds=WAIT_SECONDS):
        self.app = app
        self.wait_seconds = wait_seconds
        self._permits = Semaphore(limit)

    def __call__(self, environ, start_response):
        if not opens_connection(environ):
            return self.app(environ, start_response)
        HANDSHAKES_WAITING.inc()
        try:
            admitted = self._permits.acquire(timeout=self.wait_seconds)
        finally:
            HANDSHAKES_WAITING.dec()
        if not admitted:
            HANDSHAKES_TURNED_AWAY.inc()
            return busy(start_response)
        permit = environ[ENVIRON_KEY] = Permit(self._permits)
        try:
            return self.app(environ, start_response)
        finally:
            # A websocket's request lasts its whole life; a polling open returns at once and
            # keeps the permit until its namespace connect arrives (or the hold ends).
            if environ.get("wsgi.websocket") is not None:
                permit.release()


def opens_connection(environ):
    return environ.get("PATH_INFO", "").startswith(SOCKETIO_PATH) and "sid=" not in environ.get(
        "QUERY_STRING", ""
    )


def handshake_done(environ):
    """The connection's first namespace connect was handled: its permit goes back."""
    permit = environ.pop(ENVIRON_KEY, None)
    if permit is not None:
        permit.release()


def busy(start_response):
    body = json.dumps(
        {
            "error": {
                "code": "unavailable",
                "message": "Too many connections are opening at once; try again shortly.",
            }
        }
    ).encode()
    start_response(
        "503 Service Unavailable",
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Retry-After", "1"),
        ],
    )
    return [body]


def install(app, limit):
    """Put the gate in front of the app's WSGI stack (limit 0: no gate)."""
    if limit > 0:
        app.wsgi_app = HandshakeGate(app.wsgi_app, limit)
