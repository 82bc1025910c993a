"""Kefu's Socket.IO packets are plain JSON: none is checked for binary parts.

python-socketio walks every outgoing payload (each event and each ack, every dict and list
in it) looking for bytes to send as attachments. Kefu sends no binary events (DESIGN.md),
and the walk showed in the message path's profile (docs/performance.md). Incoming packets
are decoded as before.
"""

from socketio import packet


class JsonPacket(packet.Packet):
    uses_binary_events = False
