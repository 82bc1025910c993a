"""A socket event's request context is built without URL routing; HTTP requests still route."""

from kefu.eventcontext import SOCKET_ENVIRON
from kefu.extensions import socketio


def test_a_connected_socket_events_are_not_routed(app, make_visitor, visitor_token, socket_client):
    sc = socket_client("/visitor", visitor_token(make_visitor()))
    environ = socketio.server.environ[sc.eio_sid]
    assert environ[SOCKET_ENVIRON] is True
    with app.request_context(environ) as ctx:
        assert ctx.url_adapter is None
        assert ctx.request.routing_exception is None
    # Events still run in that context as before.
    ack = sc.emit("sync", {"after_seq": 0}, namespace="/visitor", callback=True)
    assert ack["ok"] is True and ack["messages"] == []


def test_http_requests_are_still_routed(app, client):
    with app.test_request_context("/api/agents") as ctx:
        assert ctx.url_adapter is not None
    assert client.get("/healthz").status_code == 200
    assert client.get("/no/such/page").status_code == 404
