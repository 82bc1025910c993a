"""python-engineio under gevent: idle sockets without a greenlet of their own.

(One module per patched library, as kefu/patches/ keeps them, so a library upgrade is
checked against everything Kefu reaches into in one place; that is why it stays whole.)

An idle socket's whole life is pings, and python-engineio (4.x) spends, per socket:
- a writer greenlet waiting on the socket's queue for life, once it is on the websocket
  transport: here the queue becomes a `DirectSender`, which writes a packet at once when the
  socket takes it without blocking (always, for an idle socket's ping) and otherwise hands it
  to a greenlet that exists only while something is left to write. Engine.IO's guarantees
  stay: packets leave in the order queued, `None` closes the websocket after the packets
  before it, `join()` waits for them, `put()` never blocks (the ping timer calls it from the
  hub). Polling sockets keep their queue;
- a greenlet that sleeps the ping interval and then pings: here a libev timer;
- in the service task, one timed wait per socket per ping-timeout cycle (a Timeout and two
  context switches each): here the sockets are checked in slices once a second, over the
  same cycle.
And its CORS answers name the origin without `Vary: Origin`: here they add it.
The protocol is unchanged. The handler below is a copy of the upstream
`Socket._websocket_handler` with those changes, so it is fingerprinted (UPSTREAM), as is
every function replaced or relied on. What each change bought: docs/performance.md.

One module for the library, so it is over 300 lines: the writer and the pings share the
ping frame and the sender, and one guard covers them.
"""

import logging
import math
import time

import gevent
from engineio import exceptions, packet
from engineio.async_drivers import gevent as eio_gevent
from engineio.base_server import BaseServer
from engineio.socket import Socket
from gevent.queue import Empty
from geventwebsocket.websocket import Header, WebSocket

from . import geventwebsocket

LIBRARY = "python-engineio"
VERSIONS = frozenset({"4.15.1"})
REQUIRES = ("geventwebsocket",)  # the handler reads frames with its fast receive
UPSTREAM = {
    "engineio.socket:Socket._websocket_handler": "677b77230152",
    "engineio.socket:Socket.schedule_ping": "ee818adc9617",
    "engineio.socket:Socket._send_ping": "48b246e7e65b",
    "engineio.socket:Socket.close": "57a25795431d",
    "engineio.socket:Socket.check_ping_timeout": "0afeae8def1c",
    "engineio.socket:Socket.receive": "6da95c66f23a",
    "engineio.server:Server._service_task": "6f7cb203636a",
    "engineio.base_server:BaseServer._cors_headers": "31b1288911c1",
}


def encode_frame(pkt):
    """The unmasked websocket frame of an Engine.IO packet, as gevent-websocket sends it."""
    data = pkt.encode()
    if isinstance(data, str):
        data, opcode = data.encode("utf-8"), WebSocket.OPCODE_TEXT
    else:
        data, opcode = bytes(data), WebSocket.OPCODE_BINARY
    return Header.encode_header(True, opcode, b"", len(data), 0) + data


class DirectSender:
    """Stands in for an upgraded socket's queue: what goes in is written to the websocket."""

    __slots__ = ("websocket", "pending", "task", "ended")

    def __init__(self, websocket):
        self.websocket = websocket  # gevent-websocket's WebSocket
        self.pending = None  # frames (bytes) or None (close), for the writing greenlet
        self.task = None  # the writing greenlet, while there is one
        self.ended = False  # a close was queued, or a write failed: nothing more goes out

    @classmethod
    def take_over(cls, queue, websocket):
        """A sender carrying on from a socket's queue: what it still holds goes out first."""
        sender = cls(websocket)
        while True:
            try:
                pkt = queue.get_nowait()
            except Empty:
                return sender
            queue.task_done()
            sender.put(pkt)

    def put(self, pkt):
        """Write `pkt`, or queue it behind the frames still being written; None: close."""
        if self.ended:
            return  # as python-engineio's writer, gone after a close or a failed write
        if pkt is None:
            self.ended = True
            self._later(None)
            return
        try:
            frame = encode_frame(pkt)
        except Exception:
            self.ended = True  # python-engineio's writer stops at a packet it cannot send
            self._later(None)
            return
        self.put_frame(frame)

    def put_frame(self, frame):
        """Write an encoded frame (`put` without the packet: the ping's frame is built once)."""
        if self.ended:
            return
        try:
            if self.task is None and not self.websocket.closed:
                # Non-blocking: an idle socket's ping goes out here, from the hub's timer.
                sent = self.websocket.handler.socket.send(frame, 0, 0.0)
                if sent == len(frame):
                    return
                frame = memoryview(frame)[sent:]
        except BlockingIOError:
            pass
        except Exception:
            self.ended = True  # python-engineio's writer stops at a failed write too
            frame = None
        self._later(frame)

    def _later(self, frame):
        if self.task is None:
            self.pending = [frame]
            self.task = gevent.spawn(self._write)
        else:
            self.pending.append(frame)

    def _write(self):
        """Write what is pending, in order; close the websocket at the end of the stream."""
        websocket = self.websocket
        try:
            while self.pending:
                frames, self.pending = self.pending, []
                for frame in frames:
                    if frame is None or websocket.closed:
                        self.ended = True
                        break
                    websocket.raw_write(frame)
                if self.ended:
                    break
        except Exception:
            self.ended = True
        finally:
            self.pending = None
            self.task = None
            if self.ended:
                websocket.close()  # a close frame, as python-engineio's writer sends

    def join(self):
        """Wait until what was put has been written (Socket.close(wait=True))."""
        task = self.task
        if task is not None and task is not gevent.getcurrent():
            task.join()


PONG = str(packet.PONG)
# The one frame every idle socket is sent every ping interval.
PING_FRAME = bytes(encode_frame(packet.Packet(packet.PING)))


def websocket_handler(self, ws):
    """Engine.IO's handler for the websocket transport (python-engineio 4.x,
    engineio/socket.py `_websocket_handler`), with the queue handed to a DirectSender
    instead of a writer greenlet. gevent-websocket has no socket timeout to set."""

    def websocket_wait():
        data = geventwebsocket.receive(ws._sock)
        if data and len(data) > self.server.max_http_buffer_size:
            raise ValueError("packet is too large")
        return data

    if self.connected:
        # the socket was already connected, so this is an upgrade
        self.upgrading = True  # hold packet sends during the upgrade
        pkt = websocket_wait()
        decoded_pkt = packet.Packet(encoded_packet=pkt)
        if decoded_pkt.packet_type != packet.PING or decoded_pkt.data != "probe":
            self.server.logger.info("%s: Failed websocket upgrade, no PING packet", self.sid)
            self.upgrading = False
            return []
        ws.send(packet.Packet(packet.PONG, data="probe").encode())
        self.queue.put(packet.Packet(packet.NOOP))  # end poll
        pkt = websocket_wait()
        decoded_pkt = packet.Packet(encoded_packet=pkt)
        if decoded_pkt.packet_type != packet.UPGRADE:
            self.upgraded = False
            self.server.logger.info(
                "%s: Failed websocket upgrade, expected UPGRADE packet, received %s instead.",
                self.sid,
                pkt,
            )
            self.upgrading = False
            return []
        self.upgraded = True
        self.upgrading = False
    else:
        self.connected = True
        self.upgraded = True

    self.queue = DirectSender.take_over(self.queue, ws._sock)
    self.server.logger.info("%s: Upgrade to websocket successful", self.sid)
    log_pongs = self.server.logger.isEnabledFor(logging.INFO)  # as Socket.receive does
    while True:
        try:
            p = websocket_wait()
        except Exception as e:
            # if the socket is already closed, this is a downstream error of that
            if not self.closed:
                self.server.logger.info(
                    '%s: Unexpected error "%s", closing connection', self.sid, str(e)
                )
            break
        if p is None:  # connection closed by client
            break
        if p == PONG and not log_pongs:
            # An idle socket's only traffic: Socket.receive's PONG branch without building
            # and decoding a packet, or the log call it makes for each one.
            self.schedule_ping()
            continue
        try:
            received = packet.Packet(encoded_packet=p)
        except (ValueError, IndexError):  # not an Engine.IO packet: one warning, not a trace
            self.server.logger.warning("%s: undecodable packet, closing connection", self.sid)
            break
        try:
            self.receive(received)
        except exceptions.UnknownPacketError:
            pass
        except exceptions.SocketIsClosedError:
            self.server.logger.info("Receive error -- socket is closed")
            break
        except Exception:
            self.server.logger.exception("Unknown receive error")
            break

    self.queue.put(None)  # close the websocket after what is still being written
    self.queue.join()
    self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_CLOSE)
    return []


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


_original_cors_headers = BaseServer._cors_headers


def cors_headers_varying_by_origin(self, environ):
    """Engine.IO's CORS headers, with `Vary: Origin` whenever they name the request's origin
    (python-engineio echoes the origin even for '*'), so no cache gives one site's answer
    to another. Here and not in a WSGI middleware: a middleware's frame would stay on every
    websocket's stack for the connection's life (~1 KB an idle socket)."""
    headers = _original_cors_headers(self, environ)
    if any(name == "Access-Control-Allow-Origin" for name, _ in headers):
        headers.append(("Vary", "Origin"))
    return headers


def install(socketio):
    """Writer-less websockets, timer pings and the sliced service task (gevent with
    gevent-websocket only); False when this server runs another way."""
    eio = socketio.server.eio
    if eio.async_mode != "gevent" or eio_gevent.SimpleWebSocketWSGI is not None:
        return False
    Socket._websocket_handler = websocket_handler
    Socket.schedule_ping = schedule_ping
    Socket.close = close_and_stop_timer
    BaseServer._cors_headers = cors_headers_varying_by_origin
    eio._service_task = service_task.__get__(eio)
    return True
