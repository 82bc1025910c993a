"""The fault rows' deployment helpers: workers with the fault settings, a database through
the proxy, readiness, and the Cluster the package's fixture hands to each row."""

import uuid
from dataclasses import dataclass, field

from ..integration.clients import Peer, VisitorAccount, wait_until
from ..integration.databases import PG_HOST, PG_PORT, Database
from ..integration.server import KefuServer, create_agent_args
from .proxy import FORWARD, FaultProxy
from .sentinel import SentinelSetup

READY_SECONDS = 30

# Settings of every fault worker: short leases and sweeps so recoveries show within seconds,
# a small pool so a slow database runs out of connections, and message limits a test's
# bursts stay under (the limits are still checked, through Redis).
FAULT_ENV = {
    "KEFU_WORKER_TTL_SECONDS": "3",
    "KEFU_DISPATCH_SWEEP_SECONDS": "1",
    "KEFU_REDIS_TIMEOUT_SECONDS": "1",
    "KEFU_DB_CONNECT_TIMEOUT_SECONDS": "2",
    "KEFU_DB_ANSWER_TIMEOUT_SECONDS": "6",  # past the slow row's 2 s a query
    "KEFU_DB_POOL_SIZE": "6",
    "KEFU_DB_POOL_TIMEOUT_SECONDS": "3",
    "KEFU_SHUTDOWN_SECONDS": "2",
    "KEFU_RATE_LIMIT_MESSAGES": "100000 per minute",
}


def proxied(database, proxy):
    """The same database, its server URL through `proxy` (direct connections stay direct)."""
    url = database.url.replace(f"{PG_HOST}:{PG_PORT}", f"127.0.0.1:{proxy.port}")
    assert url != database.url
    return Database(database.kind, url, database.name)


def start_workers(database, tmp_path, count, **env):
    """`count` workers of one deployment on `database`; the first prepares it."""
    workers = []
    try:
        for n in range(count):
            workdir = tmp_path / f"worker-{n}"
            workdir.mkdir()
            server = KefuServer(database, workdir)
            server.env.update(FAULT_ENV, **env)
            if n == 0:
                # The schema and an admin (each `kefu` command costs seconds; rows make
                # their agents through the API).
                server.cli("init-db")
                server.admin_credentials = (f"admin-{uuid.uuid4().hex[:6]}@faults.example", "pw")
                server.cli(*create_agent_args(*server.admin_credentials, "Admin", admin=True))
            else:
                server.admin_credentials = workers[0].admin_credentials
            workers.append(server)
            server.start()
            server.open_session()
    except BaseException:
        for server in workers:
            server.stop()
        raise
    return workers


def ready(server):
    try:
        return server.api.get("/readyz", timeout=5).status_code == 200
    except OSError:
        return False


@dataclass
class Cluster:
    database: Database  # direct connections (the invariant checks)
    pg_proxy: FaultProxy
    sentinel: SentinelSetup
    prefix: str
    workers: list = field(default_factory=list)
    peers: list = field(default_factory=list)

    def redis(self):
        """A client of the current primary (as the sentinels name it)."""
        return self.sentinel.primary().client(decode_responses=True)

    def ensure_healthy(self):
        self.pg_proxy.mode(FORWARD)
        for server in self.workers:
            assert server.died() is None, f"worker exited with {server.died()}"
            wait_until(lambda s=server: ready(s), timeout=READY_SECONDS)

    def visitor(self, server, skill_group=None):
        """A visitor token; by default in the idle group, so nothing routes."""
        group = skill_group or server.idle_group
        reply = server.api.expect("POST", "/api/visitor/auth", 200, json={"skill_group": group})
        return VisitorAccount(
            reply["visitor_id"], reply.get("visitor_secret"), reply["token"], group
        )

    def connect(self, server, account, name=None):
        """A recording socket for an AgentAccount or a VisitorAccount; closed after the row."""
        is_agent = account.namespace == "/agent"
        token = account.access_token if is_agent else account.token
        peer = Peer(server.base_url, account.namespace, name or account.namespace)
        self.peers.append(peer)
        return peer.connect({"token": token})

    def close_peers(self):
        for peer in self.peers:
            peer.disconnect()
        self.peers.clear()
