"""PostgreSQL stopped for 5 s, slowed by 2 s a query, and cut off by a network partition
(the fault proxy in front of the shared server, so other tests keep theirs): sends are
refused `unavailable` and stored once on retry with the same client_id, REST answers 503 in
the error envelope (never a 500 or an HTML page), `/readyz` says so, no request waits past
the deployment's bounds, and the pool recovers without a restart."""

import concurrent.futures
import time

import pytest

from ..integration.clients import assert_error, assert_failed_ack, try_connect, wait_until
from .deployment import ready
from .invariants import Ledger, check_database, payload
from .proxy import BLACKHOLE, DELAY, FORWARD, REFUSE

pytestmark = pytest.mark.faults

STOP_SECONDS = 5
SLOW_SECONDS = 2
PG_HANDSHAKE_CHUNKS = 2  # SSLRequest, StartupMessage: connecting stays fast, queries are slow
RETRY_EVERY = 0.5
REST_CALLS = 2  # REST requests in flight on the slow database, one on each worker
IMPATIENCE = 3  # seconds a client waits for an ack before it sends again
PARTITION_SECONDS = 8
# KEFU_DB_ANSWER_TIMEOUT_SECONDS (6) and KEFU_DB_CONNECT_TIMEOUT_SECONDS (2) of the
# deployment: a pooled connection given up, then a new one that cannot connect.
WAIT_BOUND = 6 + 2 + 3  # seconds, with 3 for a busy box


def assert_unavailable(response):
    """503 in the contract's envelope, as JSON."""
    assert response.headers["Content-Type"].startswith("application/json"), response.text[:200]
    assert_error(response, 503, "unavailable")


def open_conversation(cluster, ledger):
    a, b = cluster.workers
    agent = b.create_agent()
    agent_peer = cluster.connect(b, agent, "agent on b")
    visitor = cluster.connect(a, cluster.visitor(a, agent.skill), "visitor on a")
    first = ledger.say(visitor, "hello")
    cid = first["conversation_id"]
    agent_peer.wait_for("conversation", lambda c: c["id"] == cid and c["status"] == "open")
    return agent, agent_peer, visitor, cid


def test_database_stopped_for_five_seconds(cluster):
    """While the database refuses connections: sends are acked `unavailable`, REST is 503,
    new agent sockets are refused `unavailable`, /readyz names the database. Once it is
    back the same client_id is stored once, and both workers serve again (same processes)."""
    a, b = cluster.workers
    pids = [s.process.pid for s in cluster.workers]
    ledger = Ledger()
    agent, agent_peer, visitor, cid = open_conversation(cluster, ledger)
    body = payload("sent while the database is down")
    cluster.pg_proxy.mode(REFUSE)
    stopped_at = time.monotonic()
    ack = visitor.call("message", body, timeout=10)
    first_ack_seconds = time.monotonic() - stopped_at
    assert_failed_ack(ack, "unavailable")
    for server in cluster.workers:
        assert_unavailable(
            server.api.get(f"/api/conversations/{cid}", token=server.admin.access_token)
        )
        assert_unavailable(server.api.post("/api/visitor/auth", json={}))
        readiness = server.api.get("/readyz")
        assert readiness.status_code == 503
        assert readiness.json()["checks"]["database"].startswith("failed")
        assert server.api.get("/healthz").status_code == 200
    refused, errors = try_connect(a.base_url, "/agent", {"token": agent.access_token})
    assert refused is not None and errors[-1]["data"]["code"] == "unavailable", errors
    attempts = 1
    while time.monotonic() - stopped_at < STOP_SECONDS:
        assert_failed_ack(visitor.call("message", body, timeout=10), "unavailable")
        attempts += 1
        time.sleep(RETRY_EVERY)
    cluster.pg_proxy.mode(FORWARD)
    back_at = time.monotonic()
    ack, after = wait_for_stored(visitor, body, back_at)
    attempts += after
    recovered = time.monotonic() - back_at
    stored = ledger.record(visitor, ack)
    agent_peer.wait_for_message(stored["id"])
    wait_until(lambda: all(ready(s) for s in cluster.workers), timeout=15)
    ready_after = time.monotonic() - back_at
    checked = serving_again(cluster, pids, ledger, cid, visitor, agent_peer)
    print(
        f"\ndatabase stopped {STOP_SECONDS}s: first ack `unavailable` in "
        f"{first_ack_seconds:.2f}s, {attempts} attempts with one client_id, stored once "
        f"{recovered:.2f}s after the database was back, both workers ready after "
        f"{ready_after:.2f}s; ack during the stop: {ack_shape()}; {checked}"
    )


def serving_again(cluster, pids, ledger, cid, visitor, agent_peer):
    """Both workers answer for the conversation again in the same processes (recovered,
    not restarted); the invariants over the database hold."""
    for server in cluster.workers:
        server.api.expect("GET", f"/api/conversations/{cid}", 200, token=server.admin.access_token)
    assert [s.process.pid for s in cluster.workers] == pids
    return check_database(
        cluster.database, ledger, [(visitor, cid, True), (agent_peer, cid, False)]
    )


def _timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def wait_for_stored(visitor, body, since, within=15):
    """Send `body` again until it is acknowledged; how many attempts it took."""
    attempts = 0
    while True:
        ack = visitor.call("message", body, timeout=10)
        attempts += 1
        if ack.get("ok"):
            return ack, attempts
        assert_failed_ack(ack, "unavailable")
        assert time.monotonic() - since < within, f"sends did not recover within {within} s"
        time.sleep(0.1)


def test_database_partitioned(cluster):
    """The database's network partitioned: what was sent is never answered and nothing is
    closed. No request waits past the answer bound plus a connect attempt: a send is acked
    `unavailable`, REST and /readyz answer 503; once the partition heals the same client_id
    is stored once and both workers serve again, without a restart."""
    pids = [s.process.pid for s in cluster.workers]
    ledger = Ledger()
    agent, agent_peer, visitor, cid = open_conversation(cluster, ledger)
    body = payload("sent into the partition")
    cluster.pg_proxy.mode(BLACKHOLE)
    cut_at = time.monotonic()
    calls = {"send": lambda: visitor.call("message", body, timeout=30)}
    for n, server in enumerate(cluster.workers):
        calls[f"REST on worker {n}"] = lambda s=server: s.api.get(
            f"/api/conversations/{cid}", token=s.admin.access_token, timeout=30
        )
        calls[f"readyz on worker {n}"] = lambda s=server: s.api.get("/readyz", timeout=30)
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = {name: pool.submit(_timed, call) for name, call in calls.items()}
        results = {name: future.result(timeout=60) for name, future in futures.items()}
    durations = {name: round(seconds, 2) for name, (_, seconds) in results.items()}
    assert max(durations.values()) < WAIT_BOUND, durations
    assert_failed_ack(results["send"][0], "unavailable")
    for n in range(len(cluster.workers)):
        assert_unavailable(results[f"REST on worker {n}"][0])
        assert results[f"readyz on worker {n}"][0].status_code == 503
    time.sleep(max(0.0, PARTITION_SECONDS - (time.monotonic() - cut_at)))
    cluster.pg_proxy.mode(FORWARD)
    healed_at = time.monotonic()
    ack, attempts = wait_for_stored(visitor, body, healed_at)
    recovered = time.monotonic() - healed_at
    stored = ledger.record(visitor, ack)
    agent_peer.wait_for_message(stored["id"])
    wait_until(lambda: all(ready(s) for s in cluster.workers), timeout=15)
    checked = serving_again(cluster, pids, ledger, cid, visitor, agent_peer)
    print(
        f"\ndatabase partitioned {PARTITION_SECONDS}s: answers during it {durations} "
        f"(bound {WAIT_BOUND}s); stored once {recovered:.2f}s after it healed, "
        f"{attempts} attempts after; {checked}"
    )


def ack_shape():
    return '{"ok": false, "error": {"code": "unavailable", "message": …}}'


def test_database_slowed_two_seconds_a_query(cluster):
    """Every query answered 2 s late: a client that gives up waiting and sends again with
    the same client_id gets the one stored message; REST answers are 200 or 503 in the
    envelope (a pool that runs dry), never a 500; all is fast again once the delay ends."""
    ledger = Ledger()
    agent, agent_peer, visitor, cid = open_conversation(cluster, ledger)
    cluster.pg_proxy.mode(DELAY, SLOW_SECONDS, after=PG_HANDSHAKE_CHUNKS)
    slowed_at = time.monotonic()
    body = payload("sent to a slow database")
    impatient = visitor.call_async("message", body)
    with concurrent.futures.ThreadPoolExecutor(max_workers=REST_CALLS) as pool:
        rest = [
            pool.submit(
                server.api.get,
                f"/api/conversations/{cid}",
                token=server.admin.access_token,
                timeout=60,
            )
            for server in cluster.workers * (REST_CALLS // 2)
        ]
        time.sleep(IMPATIENCE)  # the client gives up on its ack and sends again
        assert not impatient.done(), "the database does not look slow"
        patient = visitor.call("message", body, timeout=60)
        responses = [future.result(timeout=60) for future in rest]
    slow_ack = time.monotonic() - slowed_at
    statuses = sorted(r.status_code for r in responses)
    for response in responses:
        if response.status_code != 200:
            assert_unavailable(response)
    if patient.get("ok"):
        stored = ledger.record(visitor, patient)
    else:  # the pool ran dry before the second attempt got a connection: a third one
        assert_failed_ack(patient, "unavailable")
        stored = ledger.say(visitor, body["content"], client_id=body["client_id"], timeout=60)
    first = impatient.result(timeout=60)
    if first.get("ok"):
        assert first["message"] == stored, (first, stored)
    else:
        assert_failed_ack(first, "unavailable")
    cluster.pg_proxy.mode(FORWARD)
    normal_at = time.monotonic()
    again = ledger.say(visitor, "and now quickly", timeout=10)
    fast_again = time.monotonic() - normal_at
    assert fast_again < SLOW_SECONDS
    agent_peer.wait_for_message(again["id"])
    checked = check_database(
        cluster.database, ledger, [(visitor, cid, True), (agent_peer, cid, False)]
    )
    print(
        f"\ndatabase slowed {SLOW_SECONDS}s a query: REST statuses {statuses}; the first "
        f"attempt's ack {first.get('ok') and 'ok' or first['error']['code']}, the retry with "
        f"its client_id answered {slow_ack:.1f}s after the slowdown began, stored once; "
        f"{fast_again:.2f}s for a message once it ended; {checked}"
    )
