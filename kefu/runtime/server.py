"""The gevent server of `kefu serve`, with a graceful stop on SIGTERM or SIGINT.

Stop: close the listener (no new connections), let event handlers in flight finish (their
acks reach the clients), close every Engine.IO transport (clients reconnect, to another
worker behind a balancer), then wait up to the timeout for requests to end, and exit.
"""

import logging
import signal

import gevent
from gevent import pywsgi
from gevent.event import Event
from geventwebsocket.handler import WebSocketHandler

from .. import patches
from ..devices import device_summary
from ..patches.geventwebsocket import LeanWebSocketHandler
from ..sockets import handshake_gate
from ..sockets.namespace import in_flight
from .background import start_background
from .heap import keep_heap_settled, settle_heap, watch_gc

log = logging.getLogger(__name__)


def wait_for_handlers(timeout):
    """Wait until no event handler runs (or the timeout passes); return the count left."""
    deadline = gevent.get_hub().loop.now() + timeout
    while in_flight.count and gevent.get_hub().loop.now() < deadline:
        gevent.sleep(0.05)
    return in_flight.count


def drop_transports(socketio):
    """Close every connection as a network drop would (no close packet), so that every
    client, whatever its library, reconnects by itself: to another worker if this one is gone."""
    eio = socketio.server.eio
    for client in list(eio.sockets.values()):
        client.close(abort=True)
    eio.sockets = {}


def prepare(app, socketio):
    """What every serving process does before it takes connections (`kefu serve` and the
    gunicorn entry point): the library patches, the frozen heap, the background loops."""
    # gevent records the spawning stack of every greenlet (ten frame objects each) for
    # debugging; Kefu spawns one per socket event, and no code of its reads them.
    gevent.config.track_greenlet_tree = False
    for library, status in patches.install_all(socketio).items():
        log.info("%s: %s", library, status)
    patches.configure(app.config)
    # ua-parser compiles its rules on first use (~0.15 s): now, not in a visitor's event.
    device_summary("Mozilla/5.0")
    settle_heap()  # the start-up heap, before any connection: no one waits on this pause
    watch_gc()
    start_background(app, socketio)
    interval = app.config["GC_FREEZE_SECONDS"]
    if interval > 0:
        socketio.start_background_task(keep_heap_settled, interval, socketio.sleep)


def serve(app, socketio, host, port, access_log=False):
    """Serve until a signal; then stop gracefully within KEFU_SHUTDOWN_SECONDS."""
    handler = LeanWebSocketHandler if patches.allowed("geventwebsocket") else WebSocketHandler
    limit = app.config["HANDSHAKE_CONCURRENCY"]
    if limit > 0:
        handler = handshake_gate.gated_handler(handler, handshake_gate.HandshakeGate(limit))
    server = pywsgi.WSGIServer(
        (host, port),
        app,
        handler_class=handler,
        log="default" if access_log else None,
        # A worker restarted or lost takes all its sockets' reconnects at once elsewhere:
        # gevent's 128 would drop most handshakes of such a storm (clients then retry later).
        backlog=app.config["LISTEN_BACKLOG"],
    )
    timeout = app.config["SHUTDOWN_SECONDS"]
    stopping, stopped = Event(), Event()

    def stop(signum):
        if stopping.is_set():
            return
        stopping.set()
        log.warning("signal %s: stopping within %ss", signum, timeout)
        server.close()  # no new connections from here on
        left = wait_for_handlers(timeout / 2)
        if left:
            log.warning("%d event handler(s) still running; closing sockets anyway", left)
        drop_transports(socketio)
        server.stop(timeout=timeout / 2)
        log.warning("stopped gracefully")
        stopped.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        gevent.signal_handler(signum, gevent.spawn, stop, signum)
    server.serve_forever()
    # close() above already ends serve_forever (after gevent's own 1 s stop): the process
    # must not exit before the in-flight handlers had their time.
    if stopping.is_set():
        stopped.wait(timeout + 1)
