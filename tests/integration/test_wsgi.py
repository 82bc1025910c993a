"""wsgi.py, the gunicorn entry point, serves as `kefu serve` does: every library patch
installed (psycopg's wait on gevent's loop among them, which it once missed), and a visitor
and an agent talk over websockets."""

import sys
from pathlib import Path

import pytest

from kefu.patches import MODULES

from .clients import new_client_id
from .databases import provisioned
from .server import KefuServer

pytestmark = pytest.mark.integration

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def gunicorn_command(port):
    # The worker class Flask-SocketIO documents for gevent with websockets.
    return [
        GUNICORN,
        "--worker-class",
        "geventwebsocket.gunicorn.workers.GeventWebSocketWorker",
        "--workers",
        "1",
        "--bind",
        f"127.0.0.1:{port}",
        "wsgi:app",
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """wsgi:app under gunicorn on PostgreSQL (where the psycopg patch applies)."""
    workdir = tmp_path_factory.mktemp("gunicorn")
    with provisioned("postgresql", workdir) as database:
        kefu = KefuServer(database, workdir, command=gunicorn_command).launch()
        yield kefu
        kefu.stop()


def test_gunicorn_worker_installs_every_patch(server):
    """GET /api/admin/runtime of the gunicorn worker lists each patched library as patched."""
    runtime = server.api.expect("GET", "/api/admin/runtime", 200, token=server.admin.access_token)
    assert len(runtime["patches"]) == len(MODULES), runtime["patches"]
    assert set(runtime["patches"].values()) == {"patched"}, runtime["patches"]
    assert runtime["patches"]["psycopg"] == "patched"


def test_gunicorn_worker_carries_a_conversation(server, make_agent, make_visitor, connect):
    """A visitor's message reaches the agent over websockets and the reply comes back."""
    agent = make_agent()
    visitor = make_visitor(skill_group=agent.skill)
    desk = connect(agent)
    tab = connect(visitor)
    ack = tab.call("message", {"client_id": new_client_id(), "content": "Hi", "type": "text"})
    assert ack["ok"] is True, ack
    assert tab.transport == "websocket"
    conversation_id = ack["message"]["conversation_id"]
    desk.wait_for("message", lambda m: m["conversation_id"] == conversation_id)
    reply = desk.call(
        "message",
        {
            "conversation_id": conversation_id,
            "client_id": new_client_id(),
            "content": "Hello from gunicorn",
            "type": "text",
        },
    )
    assert reply["ok"] is True and reply["message"]["seq"] == 2, reply
    tab.wait_for("message", lambda m: m["content"] == "Hello from gunicorn")
