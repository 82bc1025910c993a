"""Shared fixtures: an app on a fresh SQLite file, its clients, and data factories."""

import gc
import itertools
import tempfile

import pytest

from kefu import create_app
from kefu.chat import agents as agent_service
from kefu.events.sink import EXTENSION_KEY, EventSink
from kefu.extensions import db, socketio
from kefu.tokens import issue_agent_access_token, issue_visitor_token

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _collect_garbage_after_each_test():
    """Unclosed sockets and files surface in the test that left them, not at exit."""
    yield
    gc.collect()


def testing_app(database_uri, **overrides):
    """A testing app on this database with its schema created, in its app context (a
    generator for fixtures to yield from). Attachments go to a directory of its own."""
    with tempfile.TemporaryDirectory(prefix="kefu-files-") as files:
        settings = {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "IDENTITY_SECRET": "idsec",
            "STORAGE_URL": f"file://{files}",
            **overrides,
        }
        app = create_app("testing", settings)
        with app.app_context():
            db.create_all()
            yield app
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    yield from testing_app(f"sqlite:///{tmp_path / 'kefu.db'}")


@pytest.fixture(params=["direct", "served"])
def served(request, app):
    """Both ways the app writes: "direct", a transaction per message as with threads, and
    "served", as `kefu serve` runs under gevent, messages through group commit and new
    conversations through the one routing greenlet (no monkey patching is needed: the
    callers wait on gevent's own primitives). Use with pytest.mark.usefixtures."""
    if request.param == "served":
        from kefu.dispatch import router
        from kefu.dispatch.batcher import DispatchBatcher
        from kefu.storage.writer import EXTENSION_KEY, GroupCommit

        app.extensions[EXTENSION_KEY] = GroupCommit(app, workers=1)
        app.extensions[router.BATCHER_KEY] = DispatchBatcher(app, router.route_and_publish)
    yield request.param
    for key in ("kefu.group_commit", "kefu.dispatch_batcher"):
        queue = app.extensions.pop(key, None)
        if queue is not None:
            for worker in queue.workers:
                worker.kill()


@pytest.fixture
def client(app):
    return app.test_client()


class RecordingSink(EventSink):
    """Keeps every domain event, so unit tests can assert what was published."""

    def __init__(self):
        self.events = []

    def message_posted(self, message, **kw):
        self.events.append(("message", message, kw))

    def conversation_changed(self, conversation, **kw):
        self.events.append(("conversation", conversation, kw))

    def queue_changed(self, queued, visitors=None):
        self.events.append(("queue", queued, {}))

    def typing(self, **kw):
        self.events.append(("typing", None, kw))

    def read(self, **kw):
        self.events.append(("read", None, kw))

    def agent_changed(self, agent):
        self.events.append(("agent", agent, {}))

    def of(self, kind):
        return [payload for name, payload, _ in self.events if name == kind]


@pytest.fixture
def sink(app):
    recording = RecordingSink()
    app.extensions[EXTENSION_KEY] = recording
    return recording


@pytest.fixture
def make_agent(app):
    def make(skills=(), max_concurrent=5, role="agent", name=None, password="pw"):
        n = next(_counter)
        return agent_service.create_agent(
            f"agent{n}@example.com",
            password,
            name or f"Agent {n}",
            list(skills),
            max_concurrent,
            role,
        )

    return make


@pytest.fixture
def make_visitor(app):
    from kefu.chat.visitors import authenticate_visitor
    from kefu.schemas import VisitorAuthIn

    def make(**fields):
        visitor, secret = authenticate_visitor(VisitorAuthIn(**fields))
        visitor.secret = secret
        return visitor

    return make


@pytest.fixture
def online(app):
    """Mark agents online in the state backend as if they had a connected socket."""
    from kefu.state import current_state

    def bring_online(*agents):
        for agent in agents:
            current_state().add_agent_socket(agent.id, f"sid-{agent.id}")

    return bring_online


@pytest.fixture
def visitor_token(app):
    return lambda visitor: issue_visitor_token(visitor.id)[0]


@pytest.fixture
def agent_token(app):
    return lambda agent: issue_agent_access_token(agent)


@pytest.fixture
def socket_client(app):
    """Open Flask-SocketIO test clients; all are disconnected at the end."""
    opened = []

    def connect(namespace, token=None, auth=None):
        sc = socketio.test_client(
            app, namespace=namespace, auth=auth if auth is not None else {"token": token}
        )
        opened.append(sc)
        return sc

    yield connect
    for sc in opened:
        for namespace in ("/visitor", "/agent"):
            if sc.is_connected(namespace):
                sc.disconnect(namespace)
