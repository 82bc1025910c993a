"""The Socket.IO client manager, with an index from each socket to its rooms.

python-socketio's manager keeps rooms as `rooms[namespace][room][sid]` only. To find a
socket's rooms it walks every room of the namespace (and copies the dict first), so a
disconnect costs time in proportion to all the rooms on the worker: each visitor socket
brings two rooms of its own, and with 10,000 visitors connected one disconnect walked
~30,000 rooms. A thousand sockets closing at once took the worker tens of seconds of CPU
(55 % of its time in the soak's profile, docs/performance.md), during which no message
moved. With the index a disconnect touches only the rooms the socket is in.

The index is kept by the three primitives every room change goes through
(`basic_enter_room`, `basic_leave_room`, `basic_disconnect`); the single-process and the
Redis managers both inherit them from `BaseManager`, so one mixin serves both.
"""

import socketio


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


class IndexedManager(RoomIndex, socketio.Manager):
    """One process: rooms in memory."""


class IndexedRedisManager(RoomIndex, socketio.RedisManager):
    """Several workers: emits fan out through Redis pub/sub."""


def client_manager(redis_url, channel="flask-socketio"):
    """The manager Flask-SocketIO would have built for `redis_url`, with the room index."""
    if redis_url:
        return IndexedRedisManager(redis_url, channel=channel)
    return IndexedManager()
