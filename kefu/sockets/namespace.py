"""The base of both namespaces: counts handlers in flight, so a graceful stop can wait, marks
each connecting socket's environ so its events are not URL-routed (eventcontext.py), and
gives a connection's handshake permit back once its namespace connect was handled."""

import threading

from flask_socketio import Namespace

from ..eventcontext import mark_socket_environ
from .handshake_gate import handshake_done


class InFlight:
    """How many socket event handlers run right now in this process."""

    def __init__(self):
        self.count = 0
        self._lock = threading.Lock()

    def __enter__(self):
        with self._lock:
            self.count += 1

    def __exit__(self, *exc):
        with self._lock:
            self.count -= 1


in_flight = InFlight()


class KefuNamespace(Namespace):
    def trigger_event(self, event, *args):
        if event != "connect":
            with in_flight:
                return super().trigger_event(event, *args)
        environ = args[1]  # args: sid, environ, auth
        mark_socket_environ(environ)
        try:
            with in_flight:
                return super().trigger_event(event, *args)
        finally:
            handshake_done(environ)
