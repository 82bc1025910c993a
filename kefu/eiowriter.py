"""Engine.IO websockets without a writer greenlet per socket (gevent + gevent-websocket).

python-engineio gives every websocket a writer greenlet that waits on the socket's queue for
life: a greenlet, its saved stack and a gevent queue per idle connection. Here, once a socket
is on the websocket transport, its queue is replaced by a `DirectSender`: a packet is written
at once when the socket takes it without blocking (always, for an idle socket's ping), and
otherwise handed to a greenlet that exists only while there is something left to write.

Engine.IO's guarantees stay: packets leave in the order they were queued, `None` closes the
websocket after the packets before it, `join()` waits for them, and `put()` never blocks (the
ping timer calls it from the hub). Polling sockets keep their queue and are not touched.
"""

import logging

import gevent
from engineio import exceptions, packet
from engineio.async_drivers import gevent as eio_gevent
from engineio.socket import Socket
from gevent.queue import Empty
from geventwebsocket.websocket import Header, WebSocket

from . import wsfast


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
        data = wsfast.receive(ws._sock)
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
            self.receive(packet.Packet(encoded_packet=p))
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


def install(socketio):
    """Serve Engine.IO websockets without writer greenlets (gevent with gevent-websocket)."""
    eio = socketio.server.eio
    if eio.async_mode != "gevent" or eio_gevent.SimpleWebSocketWSGI is not None:
        return
    Socket._websocket_handler = websocket_handler
