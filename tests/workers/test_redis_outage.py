"""Redis goes away and comes back: the worker keeps serving what it can, says it is not
ready, and recovers by itself (presence written back, live events flowing again)."""

import shutil
import subprocess
import time

import pytest
import socketio

from bench.harness import free_port

from ..integration.clients import Peer, wait_until
from ..integration.databases import provisioned
from ..integration.server import KefuServer
from ..services import unavailable

pytestmark = pytest.mark.integration


class OwnRedis:
    """A throw-away redis-server on a free loopback port, that a test may stop and restart."""

    def __init__(self, workdir):
        if shutil.which("redis-server") is None:
            unavailable("redis-server is not installed")
        self.port = free_port()
        self.workdir = workdir
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, timeout=10)

    def _answers(self):
        probe = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True, check=False
        )
        return probe.stdout.strip() == "PONG"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def outage_setup(tmp_path):
    own = OwnRedis(tmp_path)
    own.start()
    with provisioned("sqlite", tmp_path) as database:
        kefu = KefuServer(database, tmp_path)
        kefu.env.update(
            KEFU_REDIS_URL=own.url,
            KEFU_WORKER_TTL_SECONDS="3",
            KEFU_DISPATCH_SWEEP_SECONDS="1",
        )
        try:
            kefu.prepare()
            kefu.start()
            kefu.open_session()
            yield kefu, own
        finally:
            kefu.stop()
            own.stop()


def test_redis_outage_and_recovery(outage_setup):
    server, own = outage_setup
    agent = server.create_agent()
    agent_peer = Peer(server.base_url, "/agent", "agent").connect({"token": agent.access_token})
    reply = server.api.expect(
        "POST", "/api/visitor/auth", 200, json={"skill_group": agent.skills[0]}
    )
    visitor = Peer(server.base_url, "/visitor", "visitor").connect({"token": reply["token"]})
    first = visitor.say("before the outage")
    agent_peer.wait_for_message(first["id"])
    assert server.api.get("/readyz").status_code == 200

    own.stop()
    ready = server.api.get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["redis"] == "failed"
    assert ready.json()["checks"]["database"] == "ok"
    assert server.api.get("/healthz").status_code == 200
    # Still serving what needs no Redis: messages are stored and acknowledged, sync works.
    during = visitor.say("during the outage")
    assert during["seq"] == first["seq"] + 1
    synced = agent_peer.sync(first["seq"], conversation_id=first["conversation_id"])
    assert [m["id"] for m in synced["messages"]] == [during["id"]]
    server.api.expect("POST", "/api/visitor/auth", 200, json={})
    # A new agent socket cannot be recorded: refused with a reason, the client retries later.
    late = server.create_agent()
    refused = Peer(server.base_url, "/agent", "late agent")
    with pytest.raises(socketio.exceptions.ConnectionError):
        refused.connect({"token": late.access_token})
    assert refused.connect_errors and refused.connect_errors[-1]["data"]["code"] == "unavailable"
    refused.disconnect()

    started = time.monotonic()
    own.start()  # an empty Redis: every key of the deployment is gone
    wait_until(lambda: server.api.get("/readyz").status_code == 200, timeout=20)
    # Presence written back by the worker: the connected agent counts as online again.

    def agent_online():
        agents = server.api.expect("GET", "/api/agents", 200, token=server.admin.access_token)
        return next(a for a in agents["data"] if a["id"] == agent.id)["status"] == "online"

    wait_until(agent_online, timeout=20)
    # Live events flow again once the message queue listener has reconnected.
    deadline = time.monotonic() + 60
    delivered = False
    n = 0
    while not delivered and time.monotonic() < deadline:
        n += 1
        probe = visitor.say(f"after the outage {n}")
        try:
            agent_peer.wait_for_message(probe["id"], timeout=3)
            delivered = True
        except AssertionError:
            pass
    assert delivered, "live events did not resume within 60 s of Redis coming back"
    print(
        f"\nredis outage: ready again and events flowing {time.monotonic() - started:.1f}s "
        "after Redis came back"
    )
    for peer in (agent_peer, visitor):
        peer.disconnect()
