"""Fixtures: a database per engine, one `kefu serve` per database, and per-test accounts.

Routing is made deterministic by giving every test its own agents, each holding a skill
group of its own, and visitors that ask for that group (or for the server's idle group,
which no agent holds, so their conversations stay queued).
"""

import pytest

from .clients import WEBSOCKET, AgentAccount, Peer, VisitorAccount
from .databases import KINDS, provisioned
from .server import KefuServer

LOG_MARK = pytest.StashKey[int]()
LOG_TAIL_CHARS = 20_000


@pytest.fixture(scope="session", params=KINDS)
def database(request, tmp_path_factory):
    """A fresh database on each engine (one per test session), dropped afterwards."""
    with provisioned(request.param, tmp_path_factory.mktemp(f"db-{request.param}")) as db:
        yield db


@pytest.fixture(params=KINDS)
def fresh_database(request, tmp_path):
    """A fresh, empty database on each engine, for one test (e.g. to run the CLI on)."""
    with provisioned(request.param, tmp_path) as db:
        yield db


@pytest.fixture(scope="session")
def server(database, tmp_path_factory):
    """One `kefu serve` process per database, with an admin and two agents made by the CLI."""
    kefu = KefuServer(database, tmp_path_factory.mktemp(f"serve-{database.kind}")).launch()
    yield kefu
    kefu.stop()


@pytest.fixture(autouse=True)
def _watch_server(request):
    """Remember where the server log stood, and fail if the server died during the test."""
    if "server" not in request.fixturenames:
        yield
        return
    kefu = request.getfixturevalue("server")
    request.node.stash[LOG_MARK] = kefu.log_size()
    yield
    code = kefu.died()
    if code is not None:
        pytest.fail(
            f"kefu serve ({kefu.database.kind}) exited with {code}; log:\n"
            f"{kefu.log_text(request.node.stash[LOG_MARK])[-LOG_TAIL_CHARS:]}"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach what the server logged during a failed test to its report."""
    report = yield
    if report.failed and LOG_MARK in item.stash:
        kefu = item.funcargs.get("server")
        if kefu is not None:
            text = kefu.log_text(item.stash[LOG_MARK])[-LOG_TAIL_CHARS:]
            report.sections.append((f"kefu serve log ({kefu.database.kind})", text))
    return report


@pytest.fixture
def make_agent(server):
    """Create agents through the admin API; each gets a skill group no one else holds."""
    return server.create_agent


@pytest.fixture
def make_visitor(server):
    """Get visitor tokens; by default in the idle group, so nothing routes unless asked."""

    def make(skill_group=..., **fields):
        group = server.idle_group if skill_group is ... else skill_group
        body = {**fields}
        if group is not None:
            body["skill_group"] = group
        reply = server.api.expect("POST", "/api/visitor/auth", 200, json=body)
        return VisitorAccount(
            visitor_id=reply["visitor_id"],
            secret=reply.get("visitor_secret"),
            token=reply["token"],
            skill_group=group,
        )

    return make


@pytest.fixture
def connect(server):
    """Open recording sockets; at teardown close them and every conversation they touched."""
    peers = []

    def open_peer(account, transports=WEBSOCKET, name=None):
        kind = "agent" if isinstance(account, AgentAccount) else "visitor"
        label = name or (f"agent {account.id}" if kind == "agent" else account.visitor_id)
        peer = Peer(server.base_url, account.namespace, name=label)
        peers.append(peer)
        return peer.connect(
            {"token": account.access_token if kind == "agent" else account.token}, transports
        )

    yield open_peer

    touched = set()
    for peer in peers:
        peer.disconnect()
        touched |= peer.conversation_ids
    for conversation_id in sorted(touched - {None}):
        server.api.expect(
            "POST",
            f"/api/conversations/{conversation_id}/close",
            200,
            token=server.admin.access_token,
        )
