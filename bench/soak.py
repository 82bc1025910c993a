"""The soak: one worker for a long stretch under steady messages and connection churn.

Kefu keeps its long-lived heap frozen (kefu/runtime/heap.py). A frozen object that dies in a
reference cycle would never be freed, so this run is the proof that it does not happen:
idle visitors stay connected, visitors send at a steady rate, and a batch of sockets
connects and disconnects every interval, while the worker's RSS, its frozen-object count
and its GC pauses are sampled. Memory is flat when both slopes, fitted over the run after
its warm-up, stay near zero."""

import time

from .clients import LoadProcess, stop_all
from .idle import connect_idle
from .messages import gc_over, gc_pause_max, open_chat, setup_chat
from .servers import minted_visitor_tokens

WARM_UP_SHARE = 0.2  # the first fifth of the samples is left out of the slopes


def run_soak(target, seconds, idle, churn, interval, rate, senders, agents, log=print):
    worker = target.workers[0]
    agent_auths, visitor_auths = setup_chat(target, senders, agents)
    tokens = minted_visitor_tokens(idle + churn)
    idle_auths = [{"token": t} for t in tokens[:idle]]
    churn_auths = [{"token": t} for t in tokens[idle:]]
    processes, samples, churned = [], [], 0
    try:
        idle_processes, _, _ = connect_idle(target.workers, idle_auths)
        processes += idle_processes
        chat = open_chat(target, agent_auths, visitor_auths, 100, len(processes))
        processes += chat.processes
        churn_index = len(processes)
        admin = target.admin_token()
        gc_before = gc_over(target, 0)
        per_process = rate / len(chat.senders)
        for p in chat.senders:
            p.send({"cmd": "steps", "start_ns": time.time_ns(), "steps": [[per_process, seconds]]})
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            cycle = time.monotonic()
            # Sampled an interval after the last batch closed: its sockets are gone by now.
            samples.append(sample(target, admin, cycle - started))
            log(
                f"  soak {samples[-1]['seconds']:.0f}s: rss {samples[-1]['rss_mb']} MB, "
                f"frozen {samples[-1]['frozen']}",
                flush=True,
            )
            batch = LoadProcess("idle", worker.url, "/visitor", churn_auths, churn_index)
            try:
                churned += batch.expect("connected", 120)["ok"]
            finally:
                batch.stop()  # the batch disconnects: its sockets must leave nothing behind
            time.sleep(max(0.0, interval - (time.monotonic() - cycle)))
        sent = [p.expect("stepped", 120)["steps"][0] for p in chat.senders]
        time.sleep(1.5)
        received = chat.agents.ask({"cmd": "status"}, "status")
        # Read before the sockets close: ten thousand disconnects at once keep a worker busy.
        gc_pauses, gc_longest = gc_over(target, 0) - gc_before, gc_pause_max(target)
    finally:
        stop_all(processes)
    latency = received["steps"].get("0", {})
    settled = samples[int(len(samples) * WARM_UP_SHARE) :] or samples
    return {
        "server": target.kind,
        "workers": 1,
        "soak_seconds": seconds,
        "idle": idle,
        "churn_per_interval": churn,
        "interval_seconds": interval,
        "churned": churned,
        "rate": rate,
        "sent": sum(s["sent"] for s in sent),
        "acked": sum(s["acked"] for s in sent),
        "delivered": latency.get("n", 0),
        "latency_ms": latency,
        "rss_mb_first": settled[0]["rss_mb"],
        "rss_mb_last": settled[-1]["rss_mb"],
        "rss_mb_per_hour": slope(settled, "rss_mb"),
        "frozen_first": settled[0]["frozen"],
        "frozen_last": settled[-1]["frozen"],
        "frozen_per_hour": slope(settled, "frozen"),
        "gc_pauses_over_20ms": gc_pauses,
        "gc_pause_max_ms": gc_longest,
        "samples": samples,
    }


def sample(target, admin_token, seconds):
    return {
        "seconds": round(seconds, 1),
        "rss_mb": round(target.workers[0].rss() / 2**20, 1),
        "frozen": target.runtime(0, admin_token)["gc"]["frozen_objects"],
    }


def slope(samples, key):
    """Least-squares growth of `key` per hour over the samples (0 with fewer than two)."""
    if len(samples) < 2:
        return 0.0
    xs = [s["seconds"] / 3600 for s in samples]
    ys = [s[key] for s in samples]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if not spread:
        return 0.0
    return round(sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread, 1)
