"""Make the request context Flask-SocketIO builds for every socket event cheap.

Flask-SocketIO pushes a Flask request context per event. Two parts of that cost more than
Kefu's own handler once the handler is lean (docs/performance.md):
- URL matching of `/socket.io/`: with no route, werkzeug raises NotFound (or
  WebsocketMismatch) and the context keeps the exception with its traceback, which is
  garbage for the collector on every event. A route that matches makes it a dict lookup.
  A websocket connection's events match with websocket=True (werkzeug reads the upgrade
  headers of the environ), so the path needs a websocket rule beside the HTTP one.
- The cookie session: opening it builds an itsdangerous serializer per event. Kefu keeps
  no state in Flask's session (tokens are bearer JWTs), so it has none at all.
- Even a matching route costs a URL adapter per event (the environ's host parsed, the map
  bound) and a match, which showed in the profile. An event is no HTTP request and
  has no URL to route, so the environ of a connected socket is marked and its contexts
  get no adapter at all.
"""

from flask import Flask
from flask.sessions import SessionInterface

SOCKET_ENVIRON = "kefu.socket"


class KefuFlask(Flask):
    def create_url_adapter(self, request):
        if request is not None and request.environ.get(SOCKET_ENVIRON):
            return None  # a socket event: nothing to route (Flask then skips matching)
        return super().create_url_adapter(request)


def mark_socket_environ(environ):
    """Called as a socket connects: the contexts of its events are not routed."""
    environ[SOCKET_ENVIRON] = True


class NoSessionInterface(SessionInterface):
    """Kefu has no server-side or cookie session: every request gets the null session."""

    def open_session(self, app, request):
        return None  # Flask then uses make_null_session, a shared read-only object

    def save_session(self, app, session, response):
        return None


def not_a_socket():
    """Answer plain HTTP requests to the Socket.IO path that the Engine.IO middleware did
    not take (it takes every real one); mostly, give URL matching a route to find."""
    return {"error": {"code": "not_found", "message": "Use a Socket.IO client here."}}, 404


def init_event_context(app, path="/socket.io/"):
    app.session_interface = NoSessionInterface()
    app.add_url_rule(path, "socketio_path", not_a_socket, methods=["GET", "POST"])
    app.add_url_rule(path, "socketio_websocket", not_a_socket, websocket=True)
