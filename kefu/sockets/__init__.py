"""Socket.IO: the /visitor and /agent namespaces and the emits behind domain events."""


def init_sockets(app, socketio):
    """Register both namespaces, the ack error handler and the event sink."""
    from ..events.sink import EXTENSION_KEY
    from .agent import AgentNamespace
    from .broadcast import SocketSink
    from .errors import ack_error
    from .packet_policy import install_packet_policy
    from .visitor import VisitorNamespace

    socketio.on_namespace(VisitorNamespace("/visitor"))
    socketio.on_namespace(AgentNamespace("/agent"))
    socketio.on_error_default(ack_error)
    install_packet_policy(socketio.server)
    app.extensions[EXTENSION_KEY] = SocketSink(socketio)
