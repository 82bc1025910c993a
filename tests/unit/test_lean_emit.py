"""The indexed managers' emit sends exactly what python-socketio's own would, frame for
frame, and builds no packet when nobody is left to receive it."""

import threading

import socketio
from hypothesis import given, settings
from hypothesis import strategies as st
from socketio import packet

from kefu.sockets.fanout.manager import IndexedManager, IndexedRedisManager
from kefu.sockets.fanout.outbox import Outbox, unpack

NAMESPACE = "/visitor"
SIDS = ["s0", "s1", "s2", "s3"]
ROOMS = ["visitor:1", "conversation:1", "agents"]


class RecordingServer:
    """What a manager needs of its server to emit: the packet class and the send."""

    packet_class = packet.Packet

    def __init__(self):
        self.sent = []

    def _send_eio_packet(self, eio_sid, eio_pkt):
        self.sent.append((eio_sid, eio_pkt.encode()))


def with_members(manager, members):
    manager.server = RecordingServer()
    for sid in SIDS:
        manager.basic_enter_room(sid, NAMESPACE, None, eio_sid="e" + sid)
    for sid, room in members:
        manager.basic_enter_room(sid, NAMESPACE, room, eio_sid="e" + sid)
    return manager


payloads = st.one_of(
    st.none(),
    st.dictionaries(st.sampled_from(["id", "content", "seq"]), st.integers() | st.text()),
    st.tuples(st.integers(), st.text()),
    st.lists(st.integers(), max_size=3),
)
emits = st.tuples(
    st.sampled_from(["message", "conversation", "queue"]),
    payloads,
    st.sampled_from([None, *ROOMS, *SIDS, ["visitor:1", "agents"]]),
    st.sampled_from([None, *SIDS, ["s0", "s2"]]),
)
memberships = st.lists(st.tuples(st.sampled_from(SIDS), st.sampled_from(ROOMS)), max_size=10)


@settings(max_examples=300, deadline=None)
@given(memberships, st.lists(emits, min_size=1, max_size=5))
def test_the_same_frames_as_python_socketio(members, calls):
    ours = with_members(IndexedManager(), members)
    theirs = with_members(socketio.Manager(), members)
    for event, data, room, skip_sid in calls:
        ours.emit(event, data, NAMESPACE, room=room, skip_sid=skip_sid)
        theirs.emit(event, data, NAMESPACE, room=room, skip_sid=skip_sid)
    assert ours.server.sent == theirs.server.sent


@settings(max_examples=200, deadline=None)
@given(memberships, st.lists(emits, min_size=1, max_size=5))
def test_the_redis_manager_delivers_locally_what_python_socketio_would(members, calls):
    ours = with_members(IndexedRedisManager("redis://127.0.0.1:6379/0"), members)
    published = []
    ours._outbox = held_outbox(ours, published.append)  # Redis is not what this is about
    theirs = with_members(socketio.Manager(), members)
    for event, data, room, skip_sid in calls:
        ours.emit(event, data, NAMESPACE, room=room, skip_sid=skip_sid)
        theirs.emit(event, data, NAMESPACE, room=room, skip_sid=skip_sid)
    assert ours.server.sent == theirs.server.sent
    # What another worker receives is delivered the same way from the batch.
    ours.outbox.flush()
    assert len(published) == 1 and len(published[0]["emits"]) == len(calls)
    other = with_members(IndexedRedisManager("redis://127.0.0.1:6379/0"), members)
    for message in unpack(published[0]):
        other._handle_emit(message)
    assert other.server.sent == theirs.server.sent


def held_outbox(manager, publish):
    """An outbox that publishes only when flushed (its task is never started)."""
    return Outbox(publish, manager.host_id, lambda task: None, threading.Event)


class CountingPacket(packet.Packet):
    built = 0

    def __init__(self, *args, **kwargs):
        type(self).built += 1
        super().__init__(*args, **kwargs)


def test_no_packet_is_built_when_the_only_recipient_is_skipped():
    manager = with_members(IndexedManager(), [("s0", "visitor:1")])
    manager.server.packet_class = CountingPacket
    manager.emit("message", {"id": 1}, NAMESPACE, room="visitor:1", skip_sid="s0")
    assert CountingPacket.built == 0 and manager.server.sent == []
    manager.emit("message", {"id": 1}, NAMESPACE, room="visitor:1")
    assert CountingPacket.built == 1
    assert manager.server.sent == [("es0", '42/visitor,["message",{"id":1}]')]


def test_a_callback_emit_still_goes_through_python_socketio():
    manager = with_members(IndexedManager(), [("s0", "visitor:1")])
    sent_packets = []
    manager.server._send_packet = lambda eio_sid, pkt: sent_packets.append((eio_sid, pkt.id))
    manager.emit("ping", None, NAMESPACE, room="visitor:1", callback=lambda *a: None)
    assert sent_packets == [("es0", 1)]


def test_the_server_sends_plain_json_packets(app):
    """No payload is walked for binary parts: the server's packet class says so."""
    from kefu.extensions import socketio as flask_socketio
    from kefu.sockets.fanout.packets import JsonPacket

    assert flask_socketio.server.packet_class is JsonPacket
    payload = {"sender": {"name": "V"}, "seqs": [1, 2]}
    assert JsonPacket(packet.ACK, data=[payload], namespace=NAMESPACE, id=3).encode() == (
        '3/visitor,3[{"sender":{"name":"V"},"seqs":[1,2]}]'
    )


def test_a_worker_drops_its_own_publishes_before_decoding():
    """Through a real Redis: a worker's listener yields the other worker's emits (a batch
    unpacked, in order) and the callback replies addressed to it, never its own emits or
    batches (delivered when it sent them)."""
    import itertools
    import json
    import threading
    import time
    import uuid

    import redis

    from ..services import REDIS_URL, unavailable

    # Its own client: the managers connect lazily, the listener's in its own thread.
    probe = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        probe.ping()
    except redis.RedisError as exc:
        unavailable(f"redis unreachable at {REDIS_URL}: {exc}")
    channel = f"kefu-test-{uuid.uuid4().hex}"
    ours = IndexedRedisManager(REDIS_URL, channel=channel)
    other = IndexedRedisManager(REDIS_URL, channel=channel)
    heard = []
    listener = threading.Thread(
        target=lambda: heard.extend(itertools.islice(ours._listen(), 4)), daemon=True
    )
    listener.start()
    deadline = time.monotonic() + 5
    while probe.pubsub_numsub(channel)[0][1] < 1:
        assert time.monotonic() < deadline, "the listener never subscribed"
        time.sleep(0.01)

    def emit_from(manager, content):
        return {
            "method": "emit",
            "event": "message",
            "data": [{"content": content}],
            "binary": False,
            "namespace": NAMESPACE,
            "room": "agent:1",
            "skip_sid": None,
            "callback": None,
            "host_id": manager.host_id,
        }

    reply_to_ours = {
        "method": "callback",
        "host_id": ours.host_id,
        "sid": "s0",
        "namespace": NAMESPACE,
        "id": 1,
        "args": [],
    }

    def batch_from(manager, *contents):
        published = []
        outbox = held_outbox(manager, published.append)
        for content in contents:
            outbox.put({**emit_from(manager, content), "host_id": None})
        outbox.flush()
        (batch,) = published
        manager._publish(batch)
        return [{**emit_from(manager, c), "host_id": None} for c in contents]

    # Published one after the other, so Redis delivers them in this order.
    ours._publish(emit_from(ours, "mine"))
    batch_from(ours, "mine too", "and mine")
    other._publish(emit_from(other, "theirs"))
    unpacked = batch_from(other, "first of theirs", "second of theirs")
    other._publish(reply_to_ours)
    listener.join(5)
    decoded = [m if isinstance(m, dict) else json.loads(m) for m in heard]
    assert decoded == [emit_from(other, "theirs"), *unpacked, reply_to_ours]
