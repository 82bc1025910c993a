"""Redis behind Sentinel: the primary is killed and the replica promoted; the pub/sub
clients are killed. Kefu goes on, nothing acknowledged is lost, presence is rebuilt and
every worker hears the others again."""

import threading
import time

import pytest

from ..integration.clients import wait_until
from .deployment import ready
from .invariants import Ledger, check_database

pytestmark = pytest.mark.faults

CHANNEL = "flask-socketio"  # the Socket.IO message queue's channel (fanout/manager.py)
RECOVERY_SECONDS = 30


def agent_online(server, agent):
    agents = server.api.expect("GET", "/api/agents", 200, token=server.admin.access_token)
    return next(a for a in agents["data"] if a["id"] == agent.id)["status"] == "online"


def heard_across(ledger, sender, listener, conversation_id=None, timeout=2):
    """Send one message and report whether `listener` (on another worker) hears it live."""
    sent = ledger.say(sender, "can you hear me", conversation_id=conversation_id)
    try:
        listener.wait_for_message(sent["id"], timeout=timeout)
        return True
    except AssertionError:
        return False


def open_conversation(cluster, ledger):
    """An agent on worker b, a visitor on worker a routed to them, one message each way."""
    a, b = cluster.workers
    agent = b.create_agent()
    agent_peer = cluster.connect(b, agent, "agent on b")
    visitor = cluster.connect(a, cluster.visitor(a, agent.skill), "visitor on a")
    first = ledger.say(visitor, "hello")
    cid = first["conversation_id"]
    agent_peer.wait_for("conversation", lambda c: c["id"] == cid and c["status"] == "open")
    agent_peer.wait_for_message(first["id"])
    answer = ledger.say(agent_peer, "hi", conversation_id=cid)
    visitor.wait_for_message(answer["id"])
    return agent, agent_peer, visitor, cid


def test_primary_killed_replica_promoted(cluster):
    """SIGKILL the Redis primary while a visitor keeps sending: every send is acknowledged
    and stored, the replica is promoted, and Kefu works again (ready, live events across
    workers, a new agent socket recorded) with each worker's presence on the new primary."""
    a, b = cluster.workers
    ledger = Ledger()
    agent, agent_peer, visitor, cid = open_conversation(cluster, ledger)
    sending = threading.Event()
    sending.set()
    failures = []

    def keep_sending():
        n = 0
        while sending.is_set():
            n += 1
            try:
                ledger.say(visitor, f"during the failover {n}")
            except AssertionError as exc:
                failures.append(str(exc))
            time.sleep(0.05)

    sender = threading.Thread(target=keep_sending)
    sender.start()
    try:
        time.sleep(0.3)
        old, killed_at = cluster.sentinel.kill_primary()
        new = cluster.sentinel.wait_promoted(old)
        promoted = time.monotonic() - killed_at
        wait_until(lambda: all(ready(s) for s in cluster.workers), timeout=RECOVERY_SECONDS)
        ready_after = time.monotonic() - killed_at
        wait_until(lambda: heard_across(ledger, visitor, agent_peer), timeout=RECOVERY_SECONDS)
        wait_until(lambda: heard_across(ledger, agent_peer, visitor, cid), timeout=RECOVERY_SECONDS)
        live_after = time.monotonic() - killed_at
    finally:
        sending.clear()
        sender.join(timeout=30)
    assert not failures, failures[:3]
    sent_during = len(ledger.acked)
    # A new agent socket is recorded on the new primary; the old one counts as online.
    late = a.create_agent()
    cluster.connect(a, late, "agent connecting after the failover")
    primary = new.client(decode_responses=True)
    connected = primary.smembers(cluster.prefix + "agents:connected")
    assert {str(agent.id), str(late.id)} <= connected
    leases = primary.zrangebyscore(cluster.prefix + "workers", time.time(), "+inf")
    assert len(leases) == len(cluster.workers)
    for server in cluster.workers:
        assert agent_online(server, agent) and agent_online(server, late)
    checked = check_database(
        cluster.database, ledger, [(visitor, cid, True), (agent_peer, cid, False)]
    )
    print(
        f"\nfailover: replica promoted {promoted:.1f}s after the kill, workers ready "
        f"{ready_after:.1f}s, live events both ways {live_after:.1f}s; {sent_during} messages "
        f"acked, none failed; presence on the new primary; {checked}"
    )


def test_pubsub_clients_killed_every_worker_resubscribes(cluster):
    """CLIENT KILL TYPE pubsub: every worker subscribes again (PUBSUB NUMSUB back to the
    worker count) and hears the others."""
    ledger = Ledger()
    agent, agent_peer, visitor, cid = open_conversation(cluster, ledger)
    primary = cluster.redis()

    def subscribers():
        return dict(primary.pubsub_numsub(CHANNEL))[CHANNEL]

    assert subscribers() == len(cluster.workers)
    killed = primary.client_kill_filter(_type="pubsub")
    killed_at = time.monotonic()
    assert killed >= len(cluster.workers)
    wait_until(lambda: subscribers() == len(cluster.workers), timeout=RECOVERY_SECONDS)
    resubscribed = time.monotonic() - killed_at
    # Nobody stays deaf: each side hears the other's next message live.
    assert heard_across(ledger, visitor, agent_peer, timeout=5)
    assert heard_across(ledger, agent_peer, visitor, cid, timeout=5)
    checked = check_database(
        cluster.database, ledger, [(visitor, cid, True), (agent_peer, cid, False)]
    )
    print(
        f"\npub/sub killed: {killed} clients, all {len(cluster.workers)} workers subscribed "
        f"again {resubscribed:.2f}s later and hear each other; {checked}"
    )
