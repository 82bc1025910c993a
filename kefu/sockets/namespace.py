"""The base of both namespaces: counts handlers in flight, so a graceful stop can wait."""

import threading

from flask_socketio import Namespace


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
        with in_flight:
            return super().trigger_event(event, *args)
