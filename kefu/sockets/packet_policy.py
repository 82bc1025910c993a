"""What a client may send over Socket.IO: plain-JSON events, nothing else.

Kefu needs no binary events, and python-socketio keeps a binary packet's attachments in
memory until all of them arrived: one socket that announced an attachment and then sent
binary frames grew a worker without bound. And a client emitting an event named like a
reserved one (`disconnect`) had the server run that handler (the agent showed offline
while connected). So every Engine.IO message passes this check before python-socketio
decodes it: a binary message or a binary Socket.IO packet, an event named `connect` or
`disconnect`, or a packet that cannot be decoded closes the connection at once.

The wrapped handler (`socketio.Server._handle_eio_message`) is private: its fingerprint is
in kefu/patches/socketio.py, so a python-socketio upgrade is checked against this too.
"""

import logging

from socketio import packet

log = logging.getLogger(__name__)

RESERVED_EVENTS = frozenset({"connect", "disconnect", "connect_error"})
_BINARY_TYPES = (str(packet.BINARY_EVENT), str(packet.BINARY_ACK))
_EVENT = str(packet.EVENT)


def refusal(server, data):
    """Why this Engine.IO message must close its connection, or None when it may pass."""
    if not isinstance(data, str):
        return "binary message"
    kind = data[:1]
    if kind in _BINARY_TYPES:
        return "binary packet"
    # Cheap test first: only a packet that mentions a reserved name is decoded here.
    if kind == _EVENT and ('"connect' in data or '"disconnect"' in data):
        try:
            event = server.packet_class(encoded_packet=data).data[0]
        except Exception:
            return "undecodable event"
        if event in RESERVED_EVENTS:
            return f"reserved event name {event!r}"
    return None


def install_packet_policy(server):
    """Check every Engine.IO message of python-socketio `server` before it is handled."""
    handle = server._handle_eio_message

    def on_message(eio_sid, data):
        reason = refusal(server, data)
        if reason is None:
            try:
                return handle(eio_sid, data)
            except (ValueError, RecursionError) as exc:  # a malformed packet
                reason = f"bad packet: {type(exc).__name__}"
        log.warning("closing socket %s: %s", eio_sid, reason)
        server.eio.disconnect(eio_sid)
        return None

    server.eio.on("message", on_message)
