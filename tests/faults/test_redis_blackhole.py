"""Redis blackholed (the fault proxy stops forwarding and closes nothing, as a network
partition does): no handler waits past its Redis timeout, everything that needs no Redis
goes on, and all comes back by itself once the partition heals."""

import concurrent.futures
import time

import pytest

from ..integration.clients import Peer, assert_failed_ack, try_connect, wait_until
from ..integration.databases import provisioned
from .deployment import ready, start_workers
from .invariants import Ledger, check_database, payload
from .proxy import BLACKHOLE, FORWARD, FaultProxy
from .sentinel import RedisNode

pytestmark = pytest.mark.faults

REDIS_TIMEOUT = 1.0  # KEFU_REDIS_TIMEOUT_SECONDS of the fault workers (deployment.FAULT_ENV)
# A command is tried twice (redisconn.py); a handler makes at most a few Redis calls before
# it falls back (a rate limit, presence reads for routing): it answers within this.
HANDLER_BOUND = 4 * (2 * REDIS_TIMEOUT + 0.5)
PARTITION_SECONDS = 4


@pytest.fixture
def partitioned(tmp_path):
    """One worker whose Redis (a server of the test's own) sits behind a fault proxy."""
    node = RedisNode(tmp_path, "redis-behind-proxy").start()
    try:
        with (
            provisioned("postgresql", tmp_path) as database,
            FaultProxy("127.0.0.1", node.port, lifetime=300, name="redis") as proxy,
        ):
            [server] = start_workers(
                database,
                tmp_path,
                1,
                KEFU_REDIS_URL=f"redis://127.0.0.1:{proxy.port}/0",
                KEFU_REDIS_PREFIX="kefu-blackhole:",
            )
            peers = []
            try:
                yield server, proxy, database, peers
            finally:
                for peer in peers:
                    peer.disconnect()
                server.stop()
    finally:
        node.kill()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_redis_blackholed_no_handler_hangs(partitioned):
    server, proxy, database, peers = partitioned
    ledger = Ledger()

    def connect(account, name):
        peer = Peer(server.base_url, account.namespace, name)
        peers.append(peer)
        token = account.access_token if account.namespace == "/agent" else account.token
        return peer.connect({"token": token})

    def new_visitor(group):
        reply = server.api.expect("POST", "/api/visitor/auth", 200, json={"skill_group": group})
        return reply["token"]

    agent = server.create_agent()
    agent_peer = connect(agent, "agent")
    other = server.create_agent()
    other_peer = connect(other, "agent going away")
    visitor = Peer(server.base_url, "/visitor", "visitor")
    peers.append(visitor)
    visitor.connect({"token": new_visitor(agent.skill)})
    first = ledger.say(visitor, "before the partition")
    cid = first["conversation_id"]
    agent_peer.wait_for_message(first["id"])
    late_agent = server.create_agent()
    newcomer = Peer(server.base_url, "/visitor", "newcomer")
    peers.append(newcomer)
    newcomer.connect({"token": new_visitor(server.idle_group)})

    proxy.mode(BLACKHOLE)
    blackholed_at = time.monotonic()
    operations = {
        "message in an open conversation": lambda: visitor.call(
            "message", payload("during the partition"), timeout=30
        ),
        "first message (routing reads presence)": lambda: newcomer.call(
            "message", payload("hello?"), timeout=30
        ),
        "visitor auth (rate limit)": lambda: server.api.post(
            "/api/visitor/auth", json={}, timeout=30
        ),
        "agent status away (presence write)": lambda: other_peer.call(
            "status", {"status": "away"}, timeout=30
        ),
        "new agent socket": lambda: try_connect(
            server.base_url, "/agent", {"token": late_agent.access_token}
        ),
        "readyz": lambda: server.api.get("/readyz", timeout=30),
        "sync": lambda: visitor.call("sync", {"after_seq": 0}, timeout=30),
    }
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(operations)) as pool:
        futures = {name: pool.submit(timed, call) for name, call in operations.items()}
        results = {name: future.result(timeout=60) for name, future in futures.items()}
    durations = {name: round(seconds, 2) for name, (_, seconds) in results.items()}
    slow = {name: s for name, s in durations.items() if s > HANDLER_BOUND}
    assert not slow, f"handlers past {HANDLER_BOUND}s: {slow}"

    def outcome(name):
        return results[name][0]

    during = ledger.record(visitor, outcome("message in an open conversation"))
    assert during["seq"] == first["seq"] + 1
    ledger.record(newcomer, outcome("first message (routing reads presence)"))
    assert outcome("visitor auth (rate limit)").status_code == 200
    assert_failed_ack(outcome("agent status away (presence write)"), "unavailable")
    refused, errors = outcome("new agent socket")
    assert refused is not None and errors[-1]["data"]["code"] == "unavailable", errors
    readiness = outcome("readyz")
    assert readiness.status_code == 503 and readiness.json()["checks"]["redis"] == "failed"
    assert first["id"] in [m["id"] for m in outcome("sync")["messages"]]
    time.sleep(max(0.0, PARTITION_SECONDS - (time.monotonic() - blackholed_at)))

    proxy.mode(FORWARD)
    healed_at = time.monotonic()
    wait_until(lambda: ready(server), timeout=20)
    ready_after = time.monotonic() - healed_at

    def statuses():
        agents = server.api.expect("GET", "/api/agents", 200, token=server.admin.access_token)
        return {a["id"]: a["status"] for a in agents["data"]}

    wait_until(lambda: statuses()[agent.id] == "online", timeout=20, describe=statuses)
    presence_after = time.monotonic() - healed_at
    # The refused status change, sent again as the contract asks, now holds.
    assert other_peer.call("status", {"status": "away"})["ok"]
    assert statuses()[other.id] == "away"

    def heard():
        sent = ledger.say(visitor, "after the partition")
        try:
            agent_peer.wait_for_message(sent["id"], timeout=2)
            return True
        except AssertionError:
            return False

    wait_until(heard, timeout=20)
    live_after = time.monotonic() - healed_at
    connect(late_agent, "late agent")
    checked = check_database(database, ledger, [(visitor, cid, True), (agent_peer, cid, False)])
    print(
        f"\nredis blackholed: slowest handler {max(durations.values()):.2f}s "
        f"(bound {HANDLER_BOUND:.1f}s): {durations}; after healing: ready {ready_after:.2f}s, "
        f"presence back {presence_after:.2f}s, live events {live_after:.2f}s; {checked}"
    )
