"""python-socketio: the guard of the fan-out manager (kefu/sockets/fanout/manager.py).

That manager subclasses python-socketio's instead of patching it: a socket → rooms index
kept by the three room primitives (one of them re-written: `basic_disconnect` without a walk
over every room), a local emit that builds the packet only when someone receives it, and
many emits to one Redis message. It relies on the private shape of the functions below; when
one changes, Flask-SocketIO's own manager is used instead (sockets/fanout/manager.py asks
`kefu.patches.allowed("socketio")`)."""

LIBRARY = "python-socketio"
VERSIONS = frozenset({"5.18.1"})
UPSTREAM = {
    "socketio.base_manager:BaseManager.basic_disconnect": "1a690ed3f46f",
    "socketio.base_manager:BaseManager.basic_enter_room": "ab906b26fc87",
    "socketio.base_manager:BaseManager.basic_leave_room": "2f7f51f1b9d3",
    "socketio.base_manager:BaseManager.get_participants": "65dfaadff9af",
    "socketio.manager:Manager.emit": "7878dce0d48e",
    "socketio.pubsub_manager:PubSubManager.emit": "088bc690f869",
    "socketio.pubsub_manager:PubSubManager._listen": "364046e7ee00",
    "socketio.pubsub_manager:PubSubManager._handle_emit": "3c3693eca755",
    "socketio.server:Server._send_eio_packet": "1c0307db429d",
    # Wrapped by the packet policy (sockets/packet_policy.py), always installed.
    "socketio.server:Server._handle_eio_message": "1eb26335920a",
    "socketio.redis_manager:RedisManager._publish": "f94f702f42db",
    "socketio.redis_manager:RedisManager._listen": "649f8df1cc41",
}


def install(socketio=None):
    """Nothing to patch: the manager was chosen when the app was made."""
    return True
