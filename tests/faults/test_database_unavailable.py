"""The fast row of the database outage, in process: an app on PostgreSQL through the fault
proxy, driven by Flask's and Flask-SocketIO's test clients. While the database refuses
connections every REST answer is 503 `unavailable` in the envelope, a socket send is acked
`unavailable`, an agent socket is refused `unavailable`; then the pool serves again without
a new app, and the retried client_id is stored once."""

from types import SimpleNamespace

import pytest

from kefu.chat import agents as agent_service
from kefu.chat.visitors import authenticate_visitor
from kefu.extensions import db, socketio
from kefu.schemas import VisitorAuthIn
from kefu.tokens import issue_agent_access_token, issue_visitor_token

from ..conftest import testing_app as app_on  # aliased: pytest would collect test*
from ..integration.databases import PG_HOST, PG_PORT, provisioned
from .invariants import Ledger, check_database
from .proxy import FORWARD, REFUSE, FaultProxy

pytestmark = pytest.mark.faults


@pytest.fixture
def proxied_app(tmp_path):
    with (
        provisioned("postgresql", tmp_path) as database,
        FaultProxy(PG_HOST, PG_PORT, lifetime=120, name="postgresql") as proxy,
    ):
        url = database.url.replace(f"{PG_HOST}:{PG_PORT}", f"127.0.0.1:{proxy.port}")
        url = url.replace("postgresql://", "postgresql+psycopg://")
        app_context = app_on(url)
        app = next(app_context)
        try:
            yield app, proxy, database
        finally:
            proxy.mode(FORWARD)
            app_context.close()


def envelope(response, status, code):
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body


def test_rest_and_sockets_while_the_database_refuses(proxied_app):
    app, proxy, database = proxied_app
    agent = agent_service.create_agent("a@faults.example", "pw", "Agent", [], 5, "agent")
    visitor, _ = authenticate_visitor(VisitorAuthIn())
    agent_token, visitor_token = issue_agent_access_token(agent), issue_visitor_token(visitor.id)[0]
    db.session.remove()
    http = app.test_client()
    visitor_socket = socketio.test_client(app, namespace="/visitor", auth={"token": visitor_token})
    body = {"client_id": "retried-once", "content": "while the database is down"}
    try:
        proxy.mode(REFUSE)
        envelope(http.post("/api/visitor/auth", json={}), 503, "unavailable")
        envelope(
            http.get("/api/conversations", headers={"Authorization": f"Bearer {agent_token}"}),
            503,
            "unavailable",
        )
        readiness = http.get("/readyz")
        assert readiness.status_code == 503
        assert readiness.get_json()["checks"]["database"].startswith("failed")
        ack = visitor_socket.emit("message", body, namespace="/visitor", callback=True)
        assert ack == {
            "ok": False,
            "error": {"code": "unavailable", "message": ack["error"]["message"]},
        }
        agent_socket = socketio.test_client(app, namespace="/agent", auth={"token": agent_token})
        assert not agent_socket.is_connected("/agent")

        proxy.mode(FORWARD)
        assert http.get("/readyz").status_code == 200
        first = visitor_socket.emit("message", body, namespace="/visitor", callback=True)
        again = visitor_socket.emit("message", body, namespace="/visitor", callback=True)
        assert first["ok"] and again["message"] == first["message"]
        assert first["message"]["seq"] == 1
        ledger = Ledger()
        ledger.record(SimpleNamespace(name="visitor"), first)
        assert (
            http.get(
                "/api/conversations", headers={"Authorization": f"Bearer {agent_token}"}
            ).status_code
            == 200
        )
    finally:
        visitor_socket.disconnect("/visitor")
    check_database(database, ledger)
