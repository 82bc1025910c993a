"""Rows of the message path under races, on two workers: an ack lost after the commit, the
same client_id sent to two workers at once, 50 sends from one socket without waiting."""

import threading
import time

import pytest

from ..integration.clients import Peer, wait_until
from .invariants import Ledger, check_database, payload
from .proxy import FORWARD, ONE_WAY, FaultProxy

pytestmark = pytest.mark.faults

RACE_ROUNDS = 20
BURST = 50


def stored_by_client_id(cluster, client_id):
    connection = cluster.database.connect(autocommit=True)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, seq FROM messages WHERE client_id = %s", (client_id,))
            return cursor.fetchall()
    finally:
        connection.close()


def test_ack_lost_after_commit(cluster):
    """The ack of a stored message never reaches the client; its retry with the same
    client_id (on a new socket, to the other worker) gets that same message, stored once."""
    a, b = cluster.workers
    ledger = Ledger()
    account = cluster.visitor(a)
    with FaultProxy("127.0.0.1", a.serving.port, lifetime=60, name="to worker a") as proxy:
        lossy = Peer(f"http://127.0.0.1:{proxy.port}", "/visitor", "visitor via the proxy")
        cluster.peers.append(lossy)
        lossy.connect({"token": account.token})
        first = ledger.say(lossy, "opens the conversation")
        proxy.mode(ONE_WAY)
        body = payload("its ack is lost")
        pending = lossy.call_async("message", body)
        wait_until(lambda: stored_by_client_id(cluster, body["client_id"]), timeout=10)
        time.sleep(0.3)  # the ack went out after the commit and was dropped by the proxy
        assert not pending.done(), "the ack got through the proxy"
        proxy.mode(FORWARD)
    retry = cluster.connect(b, account, "visitor retrying on b")
    again = ledger.say(retry, body["content"], client_id=body["client_id"])
    [(stored_id, stored_seq)] = stored_by_client_id(cluster, body["client_id"])
    assert (again["id"], again["seq"]) == (stored_id, stored_seq) == (stored_id, first["seq"] + 1)
    checked = check_database(cluster.database, ledger, [(retry, first["conversation_id"], True)])
    print(f"\nack lost after commit: retry answered with message {stored_id}; {checked}")


def test_same_client_id_to_two_workers_at_once(cluster):
    """One visitor's two tabs, one on each worker, send the same message (same client_id)
    at the same moment, round after round (the first opens the conversation): both acks
    carry one stored message."""
    a, b = cluster.workers
    ledger = Ledger()
    account = cluster.visitor(a)
    tabs = [cluster.connect(a, account, "tab on a"), cluster.connect(b, account, "tab on b")]
    start = threading.Barrier(2, timeout=10)
    for round_ in range(RACE_ROUNDS):
        body = payload(f"race {round_}")
        acks = [None, None]

        def send(n, body=body, acks=acks):
            start.wait()
            acks[n] = tabs[n].call("message", body, timeout=15)

        threads = [threading.Thread(target=send, args=(n,)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
        for n in (0, 1):
            ledger.record(tabs[n], acks[n])
        assert acks[0]["message"] == acks[1]["message"], acks
        assert acks[0]["message"]["seq"] == round_ + 1
    conversation_id = acks[0]["message"]["conversation_id"]
    checked = check_database(
        cluster.database, ledger, [(tab, conversation_id, True) for tab in tabs]
    )
    print(f"\nsame client_id on two workers: {RACE_ROUNDS} rounds, each stored once; {checked}")


def test_fifty_sends_from_one_socket_without_waiting(cluster):
    """50 messages sent back to back without waiting for acks: all acked, seqs contiguous."""
    a, b = cluster.workers
    ledger = Ledger()
    account = cluster.visitor(a)
    peer = cluster.connect(a, account, "hurried visitor")
    other_tab = cluster.connect(b, account, "second tab on b")
    started = time.monotonic()
    pending = [peer.call_async("message", payload(f"burst {n}")) for n in range(BURST)]
    acks = [p.result(timeout=30) for p in pending]
    elapsed = time.monotonic() - started
    messages = [ledger.record(peer, ack) for ack in acks]
    seqs = sorted(m["seq"] for m in messages)
    assert seqs == list(range(1, BURST + 1))
    assert len({m["id"] for m in messages}) == BURST
    # The other tab hears them all live (from the other worker, through Redis).
    conversation_id = messages[0]["conversation_id"]
    wait_until(lambda: len({m["seq"] for m in other_tab.received("message")}) == BURST, timeout=10)
    checked = check_database(
        cluster.database,
        ledger,
        [(peer, conversation_id, True), (other_tab, conversation_id, True)],
    )
    print(f"\n{BURST} sends without waiting: all acked in {elapsed:.2f}s; {checked}")
