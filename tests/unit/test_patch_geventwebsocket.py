"""kefu.patches.geventwebsocket.receive over a real (gevent) socket pair: for every kind of client frame it
answers what gevent-websocket's WebSocket.receive answers, taking the small whole text
frames itself."""

import logging
import os
import socket
import struct
from types import SimpleNamespace

import gevent
import gevent.socket
import pytest
from geventwebsocket.exceptions import WebSocketError
from geventwebsocket.websocket import Stream, WebSocket

from kefu.patches import geventwebsocket


def frame(payload, opcode=WebSocket.OPCODE_TEXT, fin=True):
    """A client frame: masked, as browsers send them."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    length = len(payload)
    if length < 126:
        head = struct.pack("!BB", (0x80 if fin else 0) | opcode, 0x80 | length)
    elif length < 65536:
        head = struct.pack("!BBH", (0x80 if fin else 0) | opcode, 0x80 | 126, length)
    else:
        head = struct.pack("!BBQ", (0x80 if fin else 0) | opcode, 0x80 | 127, length)
    key = os.urandom(4)
    masked = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return head + key + masked


def server_side(buffer_bytes):
    geventwebsocket.install()  # as served: the unmasking and the close hook patched
    server, client = gevent.socket.socketpair()
    rfile = server.makefile("rb", buffer_bytes)
    handler = SimpleNamespace(socket=server, rfile=rfile, logger=logging.getLogger("test"))
    return WebSocket({}, Stream(handler), handler), client, (rfile, server, client)


def received(receive, chunks, count, buffer_bytes=1024):
    """What `receive` answers (up to `count` times) while the client sends `chunks` (a pause
    between chunks, so a frame split over two arrives in two reads) and then ends its
    stream, and what the client got back."""
    websocket, client, closing = server_side(buffer_bytes)

    def send():
        for chunk in chunks:
            client.sendall(chunk)
            gevent.sleep(0.01)
        client.shutdown(socket.SHUT_WR)  # the end of the stream: receive stops waiting

    sender = gevent.spawn(send)
    answers = []
    try:
        for _ in range(count):
            try:
                answers.append(receive(websocket))
            except WebSocketError as error:
                answers.append(type(error))
            if answers[-1] is None:
                break
        sender.join()
        client.settimeout(0.2)
        try:
            back = client.recv(65536)
        except OSError:
            back = b""
        return answers, back
    finally:
        for thing in closing:
            thing.close()


def same_as_gevent_websocket(chunks, count, buffer_bytes=1024):
    fast = received(geventwebsocket.receive, chunks, count, buffer_bytes)
    plain = received(WebSocket.receive, chunks, count, buffer_bytes)
    assert fast == plain
    return fast


CASES = {
    "a pong": [frame("3")],
    "text with a 16-bit length, not ASCII": [frame("42" + "é€" * 120)],
    "an empty text frame": [frame("")],
    "several frames in one read": [frame("3") + frame('42["a"]') + frame("3")],
    "binary": [frame(b"\x00\x01\x02", WebSocket.OPCODE_BINARY)],
    "fragmented text": [frame("4", fin=False) + frame("2", WebSocket.OPCODE_CONTINUATION)],
    "a ping from the client, then text": [frame(b"hi", WebSocket.OPCODE_PING) + frame("3")],
    "longer than the read buffer": [frame("4" + "x" * 3000)],
    "a 64-bit length": [frame("4" + "y" * 70000)],
    "invalid UTF-8": [frame(b"\xff\xfe")],
    "a close frame": [frame(struct.pack("!H", 1000), WebSocket.OPCODE_CLOSE)],
    "the connection ends mid-frame": [frame("4" + "z" * 50)[:20]],
}


@pytest.mark.parametrize("case", CASES)
def test_receive_answers_as_gevent_websocket(case):
    chunks = CASES[case]
    answers, _ = same_as_gevent_websocket(chunks, 4)
    assert answers  # something was answered before the end of the stream


def test_a_frame_split_over_two_reads_is_read_whole():
    whole = frame("42" + "m" * 200)
    answers, _ = same_as_gevent_websocket([whole[:7], whole[7:]], 1)
    assert answers == ["42" + "m" * 200]


def test_small_whole_frames_are_taken_from_the_buffer(monkeypatch):
    """The fast path really runs: gevent-websocket's reader is not called for them."""
    monkeypatch.setattr(WebSocket, "read_message", lambda self: pytest.fail("slow path"))
    chunks = [frame("3") + frame("42" + "ü" * 100) + frame("")]
    answers, _ = received(geventwebsocket.receive, chunks, 3)
    assert answers == ["3", "42" + "ü" * 100, ""]


def test_invalid_utf8_closes_the_websocket():
    """Answered with a close frame (gevent-websocket's close() sends no status code, so
    neither does this) and None, the end of the stream."""
    answers, back = received(geventwebsocket.receive, [frame(b"\xc3\x28")], 1)
    assert answers == [None]
    assert back == b"\x88\x00"
