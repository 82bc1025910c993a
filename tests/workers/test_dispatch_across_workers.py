"""Routing across worker processes: two `kefu serve` on PostgreSQL sharing Redis.

5 agents with capacity 2, 30 visitors arriving at once across both workers: exactly 10
conversations open, 20 queued, nobody over capacity, none assigned twice. Then closing
conversations drains the queue in priority-then-age order.
"""

import threading
import uuid

import pytest

from ..integration.clients import Peer, wait_until

pytestmark = pytest.mark.integration

AGENTS, CAPACITY, VISITORS = 5, 2, 30
GROUP = "storm"


def metric_total(api, name, label):
    text = api.get("/metrics").text
    prefix = f'{name}{{outcome="{label}"}}'
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(prefix))


@pytest.fixture
def workers(start_workers):
    return start_workers(2)


def test_storm_across_two_workers_then_drain_in_order(workers):
    first, second = workers
    admin = first.admin.access_token
    first.api.expect("POST", "/api/skill-groups", 201, token=admin, json={"name": GROUP})
    agents = []
    for n in range(AGENTS):
        body = {
            "email": f"storm{n}-{uuid.uuid4().hex[:6]}@it.example",
            "password": "pw",
            "name": f"Storm {n}",
            "skills": [GROUP],
            "max_concurrent": CAPACITY,
        }
        first.api.expect("POST", "/api/agents", 201, token=admin, json=body)
        agents.append(first.login(body["email"], "pw"))
    # Agents spread over both workers: presence must be shared for either router to see them.
    agent_peers = [
        Peer((first if n % 2 else second).base_url, "/agent", f"agent {a.id}").connect(
            {"token": a.access_token}
        )
        for n, a in enumerate(agents)
    ]
    # Visitors with trusted priorities 0, 1, 2 (set by the admin before they arrive).
    visitors = []
    for n in range(VISITORS):
        reply = first.api.expect("POST", "/api/visitor/auth", 200, json={"skill_group": GROUP})
        priority = n % 3
        first.api.expect(
            "PATCH",
            f"/api/visitors/{reply['visitor_id']}",
            200,
            token=admin,
            json={"priority": priority},
        )
        server = first if n % 2 else second
        peer = Peer(server.base_url, "/visitor", reply["visitor_id"]).connect(
            {"token": reply["token"]}
        )
        visitors.append(peer)

    before = {
        outcome: sum(metric_total(s.api, "kefu_dispatch_claims_total", outcome) for s in workers)
        for outcome in ("assigned", "conversation_lost", "agent_lost")
    }
    barrier = threading.Barrier(VISITORS)
    acks = [None] * VISITORS

    def arrive(index):
        barrier.wait(timeout=30)
        acks[index] = visitors[index].call("message", {"client_id": "hello", "content": "help!"})

    threads = [threading.Thread(target=arrive, args=(n,)) for n in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(ack and ack["ok"] for ack in acks), acks

    def listed(status):
        return first.api.expect(
            "GET", f"/api/conversations?status={status}&per_page=100", 200, token=admin
        )["data"]

    wait_until(lambda: len(listed("open")) + len(listed("queued")) == VISITORS, timeout=20)
    open_now, queued_now = listed("open"), listed("queued")
    assert (len(open_now), len(queued_now)) == (AGENTS * CAPACITY, VISITORS - AGENTS * CAPACITY)
    per_agent = {}
    for conversation in open_now:
        per_agent.setdefault(conversation["agent"]["id"], []).append(conversation["id"])
    assert sorted(len(held) for held in per_agent.values()) == [CAPACITY] * AGENTS
    loads = {
        a["id"]: a["load"] for a in first.api.expect("GET", "/api/agents", 200, token=admin)["data"]
    }
    assert all(loads[a.id] == CAPACITY for a in agents), loads

    after = {
        outcome: sum(metric_total(s.api, "kefu_dispatch_claims_total", outcome) for s in workers)
        for outcome in before
    }
    races = {outcome: int(after[outcome] - before[outcome]) for outcome in before}
    print(f"\nstorm: {VISITORS} arrivals over 2 workers, claims: {races}")
    assert races["assigned"] == AGENTS * CAPACITY

    # The queue is ordered by priority (higher first), then age.
    queue = sorted(queued_now, key=lambda c: c["queue_position"])
    assert [c["queue_position"] for c in queue] == list(range(1, len(queue) + 1))
    # (Ages are compared at the API's millisecond precision: two workers may create two
    # conversations within one millisecond, in either id order.)
    keys = [(-c["priority"], c["created_at"]) for c in queue]
    assert keys == sorted(keys)

    # Closing frees one place at a time: the head of the queue takes it, in order.
    to_close = [c["id"] for c in open_now]
    for expected in queue[: len(to_close)]:
        closing = to_close.pop(0)
        first.api.expect("POST", f"/api/conversations/{closing}/close", 200, token=admin)

        def head_assigned(conversation_id=expected["id"]):
            got = first.api.expect("GET", f"/api/conversations/{conversation_id}", 200, token=admin)
            return got["status"] == "open"

        wait_until(head_assigned, timeout=10)
        still_queued = [
            c["id"] for c in sorted(listed("queued"), key=lambda c: c["queue_position"])
        ]
        assert expected["id"] not in still_queued
        assert still_queued == [c["id"] for c in queue if c["id"] in still_queued]
    assert len(listed("queued")) == VISITORS - 2 * AGENTS * CAPACITY

    for peer in agent_peers + visitors:
        peer.disconnect()
