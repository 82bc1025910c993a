"""The base of both namespaces: counts handlers in flight, so a graceful stop can wait, and
marks each connecting socket's environ so its events are not URL-routed (eventcontext.py)."""

import threading

from flask_socketio import Namespace

from ..eventcontext import mark_socket_environ


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
        if event == "connect":  # args: sid, environ, auth
            mark_socket_environ(args[1])
        with in_flight:
            return super().trigger_event(event, *args)
