"""Webhooks on two `kefu serve` workers (PostgreSQL, Redis) to a real receiver on loopback:
every message event delivered, signed and in order per conversation; a delivering worker
killed with kill -9 mid-stream and its pending entries delivered by the other; a receiver
down for a minute served its backlog in order; a failing receiver holding up nobody else.
Figures (counts, duplicates, lag) are printed for docs/webhooks.md."""

import signal
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from kefu.events.signing import verify

from ..integration.clients import Peer, wait_until
from ..receiver import Receiver
from .test_redis_outage import OwnRedis

pytestmark = pytest.mark.integration

CONVERSATIONS = 20
PER_CONVERSATION = 50
FAST_RETRIES = {
    "KEFU_WEBHOOK_ALLOW_PRIVATE": "1",
    "KEFU_WEBHOOK_LEASE_SECONDS": "2",
    "KEFU_WEBHOOK_FIRST_RETRY_SECONDS": "0.2",
    "KEFU_WEBHOOK_MAX_RETRY_DELAY_SECONDS": "2",
    "KEFU_WEBHOOK_READ_TIMEOUT_SECONDS": "2",
    "KEFU_RATE_LIMIT_MESSAGES": "off",
}


def create_webhook(server, url, events=("message.created",)):
    body = server.api.expect(
        "POST",
        "/api/webhooks",
        201,
        token=server.admin.access_token,
        json={"url": url, "events": list(events)},
    )
    return body["id"], body["secret"]


def open_conversations(server, count):
    """`count` visitors each open a conversation that waits in a group nobody serves."""
    ids = []
    for n in range(count):
        reply = server.api.expect(
            "POST", "/api/visitor/auth", 200, json={"skill_group": server.idle_group}
        )
        peer = Peer(server.base_url, "/visitor", f"visitor {n}").connect({"token": reply["token"]})
        try:
            ids.append(peer.say(f"hello {n}")["conversation_id"])
        finally:
            peer.disconnect()
    return ids


def post(servers, token, conversation_id, client_id, content):
    """Post as staff to the first worker that answers; the same client_id on a retry."""
    for server in servers:
        try:
            response = requests.post(
                f"{server.base_url}/api/conversations/{conversation_id}/messages",
                json={"client_id": client_id, "content": content},
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            )
        except requests.RequestException:
            continue
        if response.status_code in (200, 201):
            return response.json()["id"]
    raise AssertionError(f"nobody stored {client_id}")


def post_many(servers, token, conversations, numbers):
    """Post message `n` of every conversation for n in numbers; the stored ids."""
    jobs = [(cid, n) for n in numbers for cid in conversations]
    with ThreadPoolExecutor(8) as pool:
        return set(
            pool.map(
                lambda job: post(
                    servers[job[1] % len(servers) :] + servers[: job[1] % len(servers)],
                    token,
                    job[0],
                    f"m-{job[0]}-{job[1]}",
                    f"message {job[1]}",
                ),
                jobs,
            )
        )


def subscribed(servers, token, conversation_id, receiver):
    """Until each worker's webhook caches have the new webhook (a second at most, on the
    workers that did not make it) its messages are not recorded: post on each until one
    of its messages arrives."""
    for server in servers:
        for attempt in range(40):
            content = f"warm {server.base_url} {attempt}"
            post([server], token, conversation_id, f"warm-{server.base_url}-{attempt}", content)
            try:
                wait_until(
                    lambda content=content: any(
                        e["data"]["message"]["content"] == content for e in receiver.events()
                    ),
                    timeout=0.5,
                )
                break
            except AssertionError:
                continue
        else:
            raise AssertionError(f"{server.base_url} never recorded a webhook event")


def delivered_messages(receiver):
    """message id -> times received, and the seqs per conversation in first-seen order."""
    seen = defaultdict(int)
    order = defaultdict(list)
    for request in receiver.received():
        message = request.event["data"]["message"]
        if seen[message["id"]] == 0:
            order[message["conversation_id"]].append(message["seq"])
        seen[message["id"]] += 1
    return seen, order


def delivering_worker(servers, webhook_id):
    line = f"webhook {webhook_id}: delivering from worker"
    holders = [s for s in servers if line in s.log_text()]
    return holders[-1] if holders else None


def test_every_event_arrives_once_per_worker_kill(start_workers):
    a, b = start_workers(2, **FAST_RETRIES)
    slow = lambda body: time.sleep(0.004) or "ok"  # noqa: E731  (delivery lags posting)
    with Receiver(mode=slow) as receiver:
        webhook_id, secret = create_webhook(a, receiver.url)
        conversations = open_conversations(a, CONVERSATIONS)
        token = a.admin.access_token
        subscribed([a, b], token, conversations[0], receiver)
        started = time.time()
        stored = post_many([a, b], token, conversations, range(PER_CONVERSATION // 2))
        wait_until(lambda: len(receiver.received()) >= 100, timeout=30)
        doomed = delivering_worker([a, b], webhook_id)
        assert doomed is not None, "no worker says it delivers"
        survivor = b if doomed is a else a
        doomed.process.send_signal(signal.SIGKILL)
        doomed.process.wait(timeout=10)
        killed_at = len(receiver.received())
        stored |= post_many(
            [survivor], token, conversations, range(PER_CONVERSATION // 2, PER_CONVERSATION)
        )
        wait_until(
            lambda: stored <= set(delivered_messages(receiver)[0]),
            timeout=90,
            describe=lambda: f"{len(set(delivered_messages(receiver)[0]) & stored)} delivered",
        )
        elapsed = time.time() - started
        seen, order = delivered_messages(receiver)
        requests_ = receiver.received()
    assert len(stored) == CONVERSATIONS * PER_CONVERSATION
    for request in requests_:
        assert verify(secret, request.headers["Kefu-Signature"], request.body, time.time())
        assert request.headers["Kefu-Event-Id"] == request.event["id"]
    for conversation_id, seqs in order.items():
        assert seqs == sorted(seqs), f"conversation {conversation_id} out of order"
    duplicates = sum(count - 1 for count in seen.values())
    assert delivering_worker([survivor], webhook_id) is survivor
    print(
        f"\nwebhooks across workers: {len(stored)} messages stored, all delivered in "
        f"{elapsed:.1f} s; worker killed after {killed_at} deliveries; "
        f"{duplicates} duplicate deliveries (same event id)"
    )


def test_a_receiver_down_for_a_minute_gets_its_backlog_in_order(start_workers):
    (a,) = start_workers(1, **FAST_RETRIES)
    up = threading.Event()
    with Receiver(mode=lambda body: "ok" if up.is_set() else "fail") as receiver:
        webhook_id, _ = create_webhook(a, receiver.url)
        (conversation,) = open_conversations(a, 1)
        token = a.admin.access_token  # the worker that made the webhook records at once
        stored = [post([a], token, conversation, f"down-{n}", f"while down {n}") for n in range(30)]
        time.sleep(60)
        log = a.api.expect(
            "GET", f"/api/webhooks/{webhook_id}/deliveries", 200, token=a.admin.access_token
        )["data"]
        assert log and log[0]["status"] == "pending" and log[0]["attempts"] > 3
        assert log[0]["last_status_code"] == 500
        # A receiver's outage is not Kefu's: the worker stays ready.
        assert requests.get(f"{a.base_url}/readyz", timeout=5).status_code == 200
        up.set()
        wait_until(lambda: set(stored) <= set(delivered_messages(receiver)[0]), timeout=30)
        seen, order = delivered_messages(receiver)
    (seqs,) = order.values()
    assert seqs == sorted(seqs)
    # Only the event at the head was tried (and refused) again and again; the rest waited.
    assert sum(1 for count in seen.values() if count > 1) == 1


def test_a_failing_receiver_holds_up_no_other_webhook(start_workers):
    (a,) = start_workers(1, **FAST_RETRIES)
    with Receiver(mode="hang") as stuck, Receiver() as healthy:
        create_webhook(a, stuck.url)
        create_webhook(a, healthy.url)
        (conversation,) = open_conversations(a, 1)
        token = a.admin.access_token
        sent = time.time()
        with ThreadPoolExecutor(8) as pool:  # one conversation, concurrent messages
            stored = set(
                pool.map(
                    lambda n: post([a], token, conversation, f"h-{n}", f"hello {n}"), range(40)
                )
            )
        wait_until(lambda: stored <= set(delivered_messages(healthy)[0]), timeout=10)
        lag = max(r.at for r in healthy.received()) - sent
        _, order = delivered_messages(healthy)
        assert len(stuck.received()) == 1  # the first event, still unanswered
    assert lag < 5
    (seqs,) = order.values()
    assert seqs == sorted(seqs) and len(seqs) == 41  # in commit order


def test_redis_lost_for_ten_seconds_loses_no_event(start_workers, tmp_path):
    """Redis is killed and comes back empty (it keeps nothing on disk): what was on the
    stream and not yet delivered is relayed again from the outbox."""
    own = OwnRedis(tmp_path)
    own.start()
    try:
        a, b = start_workers(2, KEFU_REDIS_URL=own.url, **FAST_RETRIES)
        slow = lambda body: time.sleep(0.01) or "ok"  # noqa: E731
        with Receiver(mode=slow) as receiver:
            create_webhook(a, receiver.url)
            conversations = open_conversations(a, 4)
            token = a.admin.access_token
            subscribed([a, b], token, conversations[0], receiver)
            stored = post_many([a, b], token, conversations, range(25))
            own.stop()
            time.sleep(10)
            stored |= post_many([a, b], token, conversations, range(25, 50))  # into the outbox
            own.start()
            wait_until(
                lambda: stored <= set(delivered_messages(receiver)[0]),
                timeout=60,
                describe=lambda: f"{len(set(delivered_messages(receiver)[0]) & stored)} delivered",
            )
            seen, order = delivered_messages(receiver)
    finally:
        own.stop()
    for seqs in order.values():
        assert seqs == sorted(seqs)
    print(
        f"\nRedis lost 10 s: {len(stored)} stored, all delivered, "
        f"{sum(c - 1 for c in seen.values())} duplicates"
    )
