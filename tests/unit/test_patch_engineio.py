"""kefu.patches.engineio.DirectSender over a real (gevent) socket pair: order, back-pressure, close."""

import logging
import socket
from types import SimpleNamespace

import gevent
import gevent.socket
import pytest
from engineio import packet
from geventwebsocket.websocket import Stream, WebSocket

from kefu.patches.engineio import PING_FRAME, DirectSender


@pytest.fixture
def pair():
    """(a DirectSender on the server end, the client end), the server end's send buffer small."""
    server, client = gevent.socket.socketpair()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    rfile = server.makefile("rb")
    handler = SimpleNamespace(socket=server, rfile=rfile, logger=logging.getLogger("test"))
    websocket = WebSocket({}, Stream(handler), handler)
    yield DirectSender(websocket), client
    rfile.close()
    server.close()
    client.close()


def read_frames(client, until_close=True):
    """The (opcode, payload) frames the client end receives, up to the close frame."""
    data, frames = b"", []
    client.settimeout(5)
    while True:
        while len(data) >= 2:
            opcode, length, start = data[0] & 0x0F, data[1] & 0x7F, 2
            if length == 126:
                length, start = int.from_bytes(data[2:4], "big"), 4
            if len(data) < start + length:
                break
            frames.append((opcode, data[start : start + length]))
            data = data[start + length :]
            if opcode == WebSocket.OPCODE_CLOSE:
                return frames
        if not until_close and frames and not data:
            return frames
        chunk = client.recv(65536)
        if not chunk:
            return frames
        data += chunk


def message(i):
    return packet.Packet(packet.MESSAGE, data=f"{i:04d}" + "x" * 300)


def test_packets_leave_in_order_through_a_full_buffer_then_the_close(pair):
    """Many packets put at once (more than the socket buffers) arrive whole and in order,
    and None closes the websocket only after them; put() never blocks the caller."""
    sender, client = pair
    for i in range(300):
        sender.put(message(i))
    assert sender.task is not None  # the socket was full: a greenlet writes the rest
    sender.put(None)
    sender.put(message(999))  # after the close: dropped
    reader = gevent.spawn(read_frames, client)
    sender.join()
    frames = reader.get(timeout=10)
    texts = [payload.decode() for opcode, payload in frames[:-1]]
    assert texts == [message(i).encode() for i in range(300)]
    assert frames[-1][0] == WebSocket.OPCODE_CLOSE
    assert sender.websocket.closed and sender.task is None


def test_a_ping_from_the_hub_is_written_at_once(pair):
    """The ping frame put from a libev timer callback (in the hub, as the ping timer
    does) goes out without a greenlet."""
    sender, client = pair
    done = gevent.event.Event()

    def from_hub():
        sender.put_frame(PING_FRAME)
        done.set()

    timer = gevent.get_hub().loop.timer(0.01)
    timer.start(from_hub)
    done.wait(5)
    timer.close()
    assert sender.task is None
    assert read_frames(client, until_close=False) == [(WebSocket.OPCODE_TEXT, b"2")]


def test_binary_packets_are_binary_frames(pair):
    """A binary Engine.IO packet is sent as a binary frame, as gevent-websocket does."""
    sender, client = pair
    sender.put(packet.Packet(packet.MESSAGE, data=b"\x00\x01"))
    assert read_frames(client, until_close=False) == [(WebSocket.OPCODE_BINARY, b"\x00\x01")]


def test_a_failed_write_ends_the_stream(pair):
    """After the peer is gone, a write fails; the sender stops and closes the websocket."""
    sender, client = pair
    client.close()
    for i in range(3):
        sender.put(message(i))
    sender.join()
    assert sender.ended and sender.websocket.closed
    sender.put(message(4))  # dropped, no error
    assert sender.task is None
