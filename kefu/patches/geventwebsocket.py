"""gevent-websocket (Kefu's websocket backend): faster frames, a smaller read buffer.

gevent-websocket unmasks every client frame byte by byte in Python, and validates UTF-8
in Python unless wsaccel is installed (Kefu depends on wsaccel). Unmasking as one big
integer XOR runs in C (what it bought: docs/performance.md).

Reading a frame takes gevent-websocket three or four buffered reads, a Header object and a
validator pass before the text is decoded; an idle socket's pong and most chat events are
one small text frame that is already whole in the read buffer, so `receive` takes such a
frame in one read and decodes it (Python's strict UTF-8 decoding is the validation), and
leaves everything else (control frames, fragments, binary, long or partial frames) to
gevent-websocket.
"""

from geventwebsocket.handler import WebSocketHandler
from geventwebsocket.websocket import Header, WebSocket

LIBRARY = "gevent-websocket"
VERSIONS = frozenset({"0.10.1"})
UPSTREAM = {
    "geventwebsocket.websocket:Header.mask_payload": "ffd04892443a",
    "geventwebsocket.websocket:WebSocket.receive": "4a92b3728c99",
    "geventwebsocket.websocket:WebSocket.read_message": "cb8e7de96d89",
    "geventwebsocket.websocket:WebSocket.read_frame": "0144f2dfd08c",
    "geventwebsocket.websocket:WebSocket.current_app": "ae2972453fee",
    # LeanWebSocketHandler passes its own rfile to gevent's handler.
    "geventwebsocket.handler:WebSocketHandler": "3cdf187d0bca",
    "gevent.pywsgi:WSGIHandler.__init__": "1788f3a7c5e3",
}

# Each connection keeps its read buffer for life; gevent's default is 8 KB. Chat frames are
# a few hundred bytes, and a longer one is simply read in more than one call.
READ_BUFFER_BYTES = 1024


def _xor(key, payload, length):
    """The first `length` bytes of `payload` masked or unmasked with a 4-byte key (the same
    operation), as one integer XOR."""
    key = (key * (length // 4 + 1))[:length]
    mixed = int.from_bytes(payload[:length], "little") ^ int.from_bytes(key, "little")
    return mixed.to_bytes(length, "little")


def xor_mask(self, payload):
    """Mask or unmask `payload` with this frame's 4-byte key."""
    if not self.length:
        return bytearray(payload)
    return bytearray(_xor(self.mask, payload, self.length))


_TEXT_FIN = 0x81  # FIN set, no reserved bits, opcode 1 (text)
_MASKED = 0x80
_LENGTH_16 = 126


def receive(websocket):
    """The next message of a gevent-websocket `WebSocket`, as its `receive()` returns it
    (text as str, None once closed), a small whole text frame taken straight from the
    read buffer."""
    stream = websocket.stream
    if websocket.closed or stream is None:
        return websocket.receive()
    try:
        # Waits for the next bytes when the buffer is empty; returns what it holds.
        head = stream.handler.rfile.peek(2)
    except Exception:  # a reset or closed socket: gevent-websocket handles the error
        return websocket.receive()
    if len(head) < 2 or head[0] != _TEXT_FIN or not head[1] & _MASKED:
        return websocket.receive()
    length, start = head[1] & 0x7F, 2
    if length == _LENGTH_16:
        if len(head) < 4:
            return websocket.receive()
        length, start = int.from_bytes(head[2:4], "big"), 4
    elif length > _LENGTH_16:  # a 64-bit length: never whole in the buffer
        return websocket.receive()
    end = start + 4 + length
    if len(head) < end:
        return websocket.receive()
    frame = stream.handler.rfile.read(end)
    try:
        return _xor(frame[start : start + 4], frame[start + 4 :], length).decode("utf-8")
    except UnicodeDecodeError:
        websocket.close(1007)  # as gevent-websocket's receive answers invalid UTF-8
        return None


class _NoCloseHook:
    """What gevent-websocket calls when a connection ends; Engine.IO handles that itself."""

    def on_close(self, *args):
        pass


_NO_CLOSE_HOOK = _NoCloseHook()


def install(socketio=None):
    """Patch gevent-websocket (idempotent): frame masking, and the close hook, which it
    otherwise builds as a new class per closing connection (a class is a reference cycle,
    garbage only the cycle collector can free)."""
    Header.mask_payload = xor_mask
    Header.unmask_payload = xor_mask
    WebSocket.current_app = property(lambda self: _NO_CLOSE_HOOK)
    return True


class LeanWebSocketHandler(WebSocketHandler):
    """gevent-websocket's handler with a small per-connection read buffer."""

    def __init__(self, sock, address, server, rfile=None):
        if rfile is None:
            rfile = sock.makefile("rb", READ_BUFFER_BYTES)
        super().__init__(sock, address, server, rfile)
