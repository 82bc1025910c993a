"""The indexed client manager behaves exactly as python-socketio's own, room for room."""

import socketio
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.sockets.fanout.manager import IndexedManager, IndexedRedisManager, client_manager

NAMESPACES = ["/visitor", "/agent"]
SIDS = [f"s{i}" for i in range(6)]
ROOMS = ["visitor:1", "visitor:2", "conversation:1", "agents"]

operation = st.one_of(
    st.tuples(st.just("connect"), st.sampled_from(SIDS), st.sampled_from(NAMESPACES)),
    st.tuples(
        st.just("enter"),
        st.sampled_from(SIDS),
        st.sampled_from(NAMESPACES),
        st.sampled_from(ROOMS),
    ),
    st.tuples(
        st.just("leave"),
        st.sampled_from(SIDS),
        st.sampled_from(NAMESPACES),
        st.sampled_from(ROOMS),
    ),
    st.tuples(st.just("disconnect"), st.sampled_from(SIDS), st.sampled_from(NAMESPACES)),
    st.tuples(st.just("close"), st.sampled_from(ROOMS), st.sampled_from(NAMESPACES)),
)


def apply(manager, op):
    kind, *args = op
    if kind == "connect":
        sid, namespace = args
        if sid in manager.rooms.get(namespace, {}).get(None, {}):
            return "already"
        manager.basic_enter_room(sid, namespace, None, eio_sid="e" + sid)
        manager.basic_enter_room(sid, namespace, sid, eio_sid="e" + sid)
        manager.pending_connect.setdefault(namespace, []).append(sid)
        manager.callbacks[sid] = {}
        return "ok"
    try:
        if kind == "enter":
            sid, namespace, room = args
            manager.basic_enter_room(sid, namespace, room)
        elif kind == "leave":
            manager.basic_leave_room(*args)
        elif kind == "disconnect":
            manager.basic_disconnect(*args)
        else:
            manager.basic_close_room(*args)
    except (KeyError, ValueError) as error:
        return type(error).__name__
    return "ok"


def snapshot(manager):
    rooms = {
        ns: {room: dict(members) for room, members in by_room.items()}
        for ns, by_room in manager.rooms.items()
    }
    joined = {(ns, sid): sorted(manager.get_rooms(sid, ns)) for ns in NAMESPACES for sid in SIDS}
    return rooms, joined, manager.pending_connect, sorted(manager.callbacks)


@settings(max_examples=300, deadline=None)
@given(st.lists(operation, max_size=40))
def test_same_rooms_as_python_socketio(ops):
    ours, theirs = IndexedManager(), socketio.Manager()
    for op in ops:
        assert apply(ours, op) == apply(theirs, op), op
        assert snapshot(ours) == snapshot(theirs), op


@settings(max_examples=100, deadline=None)
@given(st.lists(operation, max_size=40))
def test_index_holds_exactly_the_rooms_joined(ops):
    manager = IndexedManager()
    for op in ops:
        apply(manager, op)
    expected = {}
    for ns, by_room in manager.rooms.items():
        for room, members in by_room.items():
            for sid in members:
                expected.setdefault(ns, {}).setdefault(sid, set()).add(room)
    # Nothing is left behind for a socket or namespace that is gone.
    assert manager._rooms_of == expected


def test_a_disconnect_leaves_every_room_and_nothing_else():
    manager = IndexedManager()
    for sid in ("a", "b"):
        apply(manager, ("connect", sid, "/visitor"))
        apply(manager, ("enter", sid, "/visitor", "conversation:1"))
    manager.basic_disconnect("a", "/visitor")
    assert manager.get_rooms("a", "/visitor") == []
    assert sorted(manager.get_rooms("b", "/visitor")) == ["b", "conversation:1"]
    assert dict(manager.rooms["/visitor"]["conversation:1"]) == {"b": "eb"}
    assert "a" not in manager.callbacks


def test_the_manager_follows_the_redis_setting():
    assert type(client_manager(None)) is IndexedManager
    redis_manager = client_manager("redis://127.0.0.1:6379/0", channel="kefu-test")
    assert isinstance(redis_manager, IndexedRedisManager)
    assert redis_manager.channel == "kefu-test"
