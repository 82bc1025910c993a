"""The Socket.IO client manager, with an index from each socket to its rooms.

python-socketio's manager keeps rooms as `rooms[namespace][room][sid]` only. To find a
socket's rooms it walks every room of the namespace (and copies the dict first), so a
disconnect costs time in proportion to all the rooms on the worker (each visitor socket
brings two of its own), and sockets closing together stalled every message behind them
(the soak's profile in docs/performance.md). With the index a disconnect touches only the
rooms the socket is in.

The index is kept by the three primitives every room change goes through
(`basic_enter_room`, `basic_leave_room`, `basic_disconnect`); the single-process and the
Redis managers both inherit them from `BaseManager`, so one mixin serves both.

The local emit is leaner too (LeanEmit): python-socketio builds and encodes the packet
before it looks at the room. Most of Kefu's emits skip their only recipient (a visitor's
message goes to the visitor's other tabs, usually none), so the packet is built only when
someone will receive it (and never scanned for binary parts: sockets/fanout/packets.py).
"""

import logging

import socketio
from engineio import packet as eio_packet
from socketio import packet

from ... import patches, redisconn
from .outbox import BATCH_METHOD, Outbox, unpack


class RoomIndex:
    """Mixin for a python-socketio manager: `_rooms_of[namespace][sid]` is the set of
    room names (None, the namespace's all-sockets room, included) that `sid` is in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._rooms_of = {}

    def basic_enter_room(self, sid, namespace, room, eio_sid=None):
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        # Only reached when the base class accepted the entry (it raises otherwise).
        self._rooms_of.setdefault(namespace, {}).setdefault(sid, set()).add(room)

    def basic_leave_room(self, sid, namespace, room):
        super().basic_leave_room(sid, namespace, room)
        by_sid = self._rooms_of.get(namespace)
        if by_sid is None:
            return
        rooms = by_sid.get(sid)
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del by_sid[sid]
                if not by_sid:
                    del self._rooms_of[namespace]

    def basic_disconnect(self, sid, namespace, **kwargs):
        # What BaseManager.basic_disconnect does, without walking every room.
        if namespace not in self.rooms:
            return
        for room in list(self._rooms_of.get(namespace, {}).get(sid, ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            sids = pending.get(namespace)
            if sids is not None and sid in sids:
                sids.remove(sid)
                if not sids:
                    del pending[namespace]

    def get_rooms(self, sid, namespace):
        """The rooms `sid` is in, without the namespace's all-sockets room."""
        return [r for r in self._rooms_of.get(namespace, {}).get(sid, ()) if r is not None]


class LeanEmit:
    """Mixin for a python-socketio manager: `emit_here` sends an event without callback to
    the sockets of a room held by this process."""

    def emit_here(self, event, data, namespace, room, skip_sid):
        skip = skip_sid if isinstance(skip_sid, list) else (skip_sid,)
        recipients = [eio for sid, eio in self.get_participants(namespace, room) if sid not in skip]
        if not recipients:
            return
        if isinstance(data, tuple):  # a tuple is several arguments, as in python-socketio
            args = list(data)
        else:
            args = [] if data is None else [data]
        # The server's packet class (sockets/fanout/packets.py) does not scan for binary parts.
        encoded = self.server.packet_class(
            packet.EVENT, namespace=namespace, data=[event, *args]
        ).encode()
        frame = eio_packet.Packet(eio_packet.MESSAGE, encoded)
        for eio_sid in recipients:
            self.server._send_eio_packet(eio_sid, frame)


class IndexedManager(RoomIndex, LeanEmit, socketio.Manager):
    """One process: rooms in memory."""

    def emit(
        self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs
    ):
        if callback is not None:
            return super().emit(event, data, namespace, room, skip_sid, callback, to, **kwargs)
        self.emit_here(event, data, namespace, to or room, skip_sid)


class IndexedRedisManager(RoomIndex, LeanEmit, socketio.RedisManager):
    """Several workers: emits fan out through Redis pub/sub; each worker delivers to its
    own sockets (this worker's emits directly, the others' from the queue). What the other
    workers need goes out through the outbox, many emits to one message (outbox.py)."""

    _outbox = None

    @property
    def outbox(self):
        if self._outbox is None:
            self._outbox = Outbox(
                self._publish,
                self.host_id,
                self.server.start_background_task,
                self.server.eio.create_event,
            )
        return self._outbox

    def emit(
        self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs
    ):
        if callback is not None or kwargs.get("ignore_queue"):
            return super().emit(event, data, namespace, room, skip_sid, callback, to, **kwargs)
        room, namespace = to or room, namespace or "/"
        self.emit_here(event, data, namespace, room, skip_sid)
        # What PubSubManager.emit publishes, less what a callback-free emit of a server
        # that sends no binary parts (sockets/fanout/packets.py) never uses.
        self.outbox.put(
            {
                "method": "emit",
                "event": event,
                "data": list(data) if isinstance(data, tuple) else [data],
                "namespace": namespace,
                "room": room,
                "skip_sid": skip_sid,
            }
        )

    def _listen(self):
        # A worker hears its own publishes too. python-socketio decodes each one and only
        # then sees its own host_id and drops it: half the listener's decoding on two
        # workers. Every message but a callback reply ends with the publisher's host_id, so
        # this worker's own are dropped before decoding; a reply (host_id first, the
        # requester's) always passes. Another worker's batch is decoded once, here, and
        # its emits go on one by one.
        own = self.json.dumps({"host_id": self.host_id})[1:].encode()
        batch = self.json.dumps({"method": BATCH_METHOD})[:-1].encode()
        for message in super()._listen():
            if isinstance(message, bytes):
                if message.endswith(own):
                    continue
                if message.startswith(batch):
                    yield from unpack(self.json.loads(message))
                    continue
            yield message

    def _handle_emit(self, message):
        if message.get("callback") is not None or message.get("binary"):
            return super()._handle_emit(message)
        data = message["data"]  # the argument list, as PubSubManager.emit published it
        self.emit_here(
            message["event"],
            data[0] if len(data) == 1 else tuple(data),
            message.get("namespace"),
            message.get("room"),
            message.get("skip_sid"),
        )


log = logging.getLogger(__name__)


def client_manager(redis_url, channel="flask-socketio", timeout=2.0):
    """The manager Flask-SocketIO would have built for `redis_url`, with the room index;
    Flask-SocketIO's own where the guard does not know the installed python-socketio.
    Its Redis connections are Kefu's (redisconn.py): any URL Kefu takes, sentinels
    included, each publish bounded by `timeout`."""
    indexed = patches.allowed("socketio")
    if not indexed:
        log.warning(
            "python-socketio: %s; using its own manager", patches.verdict("socketio").reason
        )
    if redis_url:
        kind = IndexedRedisManager if indexed else socketio.RedisManager
        url, options = redisconn.socketio_queue(redis_url, timeout)
        return kind(url, channel=channel, redis_options=options)
    return IndexedManager() if indexed else socketio.Manager()
