"""Cheaper idle sockets for python-engineio under gevent.

An idle socket's whole life is pings. python-engineio (4.x) spends, per socket:
- a greenlet that sleeps the ping interval and then sends the ping (one more greenlet and
  its saved stack per connection, for life), and
- in its service task, one timed wait per socket per ping-timeout cycle (a Timeout and two
  context switches each: ~1,000 a second at 19,500 sockets).
Here the ping is a libev timer (no greenlet) and the service task checks the sockets in
slices once a second. The protocol is unchanged: the same ping interval, the same timeout
check over the same cycle (docs/performance.md has what it bought).
"""

import math
import time

import gevent
from engineio import packet
from engineio.socket import Socket

from .eiowriter import PING_FRAME, DirectSender

SERVICE_TICK_SECONDS = 1.0


def schedule_ping(self):
    """After a pong: ping again in ping_interval seconds, from a timer."""
    if self.last_ping:
        self.last_ping = None
        timer = gevent.get_hub().loop.timer(self.server.ping_interval)
        self._ping_timer = timer  # the socket keeps its pending timer alive
        timer.start(_ping_now, self)


def _ping_now(socket):
    """Runs in the hub: only non-blocking work (an unbounded queue's put never blocks)."""
    timer, socket._ping_timer = socket._ping_timer, None
    if timer is not None:
        timer.close()
    if not socket.closing and not socket.closed:
        socket.last_ping = time.time()
        queue = socket.queue
        if isinstance(queue, DirectSender):  # the websocket's: the ping frame built once
            queue.put_frame(PING_FRAME)
        else:
            queue.put(packet.Packet(packet.PING))


_original_close = Socket.close


def close_and_stop_timer(self, *args, **kwargs):
    """Close as Engine.IO does, and drop a pending ping timer at once: the timer holds the
    socket, which would otherwise live (and count) until the timer fired."""
    try:
        return _original_close(self, *args, **kwargs)
    finally:
        timer, self._ping_timer = getattr(self, "_ping_timer", None), None
        if timer is not None:
            timer.close()


def service_task(self):
    """Check every socket's ping timeout once per ping-timeout cycle, a slice a second."""
    self.service_task_event = self.create_event()
    pending, index, per_tick = [], 0, 1
    while not self.service_task_event.wait(timeout=SERVICE_TICK_SECONDS):
        if index >= len(pending):
            pending, index = list(self.sockets.values()), 0
            ticks = max(1.0, self.ping_timeout / SERVICE_TICK_SECONDS)
            per_tick = max(1, math.ceil(len(pending) / ticks))
        for socket in pending[index : index + per_tick]:
            try:
                if socket.closed:
                    self.sockets.pop(socket.sid, None)
                elif not socket.closing:
                    socket.check_ping_timeout()
            except Exception:  # one bad socket must not stop the checks of the others
                self.logger.exception("service task: socket %s", socket.sid)
        index += per_tick


def install(socketio):
    """Use the timer pings and the sliced service task (gevent async mode only)."""
    eio = socketio.server.eio
    if eio.async_mode != "gevent":
        return
    Socket.schedule_ping = schedule_ping
    Socket.close = close_and_stop_timer
    eio._service_task = service_task.__get__(eio)
