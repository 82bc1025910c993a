"""Messages through the full path: visitors send, agents receive, the rate steps up.

Visitors (on the first worker) each open a conversation that the router assigns to one of
the agents (connected to the last worker), then send timed messages at each rate step.
Per step: sustained msg/s, visitor→agent latency p50/p99/max (the send time travels in
the message), ack latency, server CPU, and GC pauses over 20 ms on each worker."""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .clients import LoadProcess, stop_all
from .idle import connect_idle
from .servers import minted_visitor_tokens
from .stats import summarize

SENDER_PROCESSES = 2
STEP_PAUSE_SECONDS = 1.5
# Past these a step is saturated; higher steps would only measure a backlog.
SATURATED_P99_MS = 1000
SATURATED_LOSS = 0.02


def setup_chat(target, senders, agents):
    """Auth payloads for the agents and visitors; Kefu creates them through its API."""
    if target.kind == "node":
        agent_auths = [{"token": f"na{i}", "agent": i} for i in range(agents)]
        visitor_auths = [{"token": f"nv{i}", "agent": i % agents} for i in range(senders)]
        return agent_auths, visitor_auths
    capacity = -(-senders // agents) * 2
    agent_tokens = target.create_agents(agents, max_concurrent=capacity)
    visitor_tokens = target.visitors(senders, worker=0)
    agent_auths = [{"token": t, "agent": i} for i, t in enumerate(agent_tokens)]
    visitor_auths = [{"token": t, "agent": i % agents} for i, t in enumerate(visitor_tokens)]
    return agent_auths, visitor_auths


def gc_over(target, worker, seconds=0.02, measure="kefu_gc_pause_seconds"):
    """How many collections on a worker took longer than `seconds` so far (by the clock, or
    with `measure="kefu_gc_pause_cpu_seconds"` by the CPU time they used)."""
    if target.kind == "node":
        return None
    total, within = target.metrics(
        worker,
        (f"{measure}_count", ""),
        (f"{measure}_bucket", f'le="{seconds}"'),
    )
    return int(total - within)


def gc_counts(target):
    """(pauses over 20 ms by the clock, by CPU time) so far, per worker; None for Node."""
    if target.kind == "node":
        return None
    return [
        (gc_over(target, w), gc_over(target, w, measure="kefu_gc_pause_cpu_seconds"))
        for w in range(len(target.workers))
    ]


def run_messages(
    target, rates, step_seconds, senders=1000, agents=50, idle=0, content_bytes=100, log=print
):
    """Step the rate up until the last step or saturation; return the result dict."""
    workers = target.workers
    agent_auths, visitor_auths = setup_chat(target, senders, agents)
    processes = []
    try:
        idle_reports = []
        if idle:
            if target.kind == "node":
                auths = [{"token": f"ni{i:06d}"} for i in range(idle)]
            else:
                auths = [{"token": t} for t in minted_visitor_tokens(idle)]
            idle_processes, idle_reports, _ = connect_idle(workers, auths)
            processes += idle_processes
        chat = open_chat(target, agent_auths, visitor_auths, content_bytes, len(processes))
        processes += chat.processes
        agent_process, sender_processes = chat.agents, chat.senders
        log(f"  {target.kind}×{len(workers)}: {senders} conversations open, stepping", flush=True)
        steps = []
        for index, rate in enumerate(rates):
            step = run_step(target, agent_process, sender_processes, index, rate, step_seconds)
            steps.append(step)
            if saturated(step):
                break
        return {
            "server": target.kind,
            "workers": len(workers),
            "senders": senders,
            "agents": agents,
            "idle": idle,
            "idle_connected": sum(r["ok"] for r in idle_reports),
            "content_bytes": content_bytes,
            "opened": chat.opened,
            "unassigned": chat.unassigned,
            "steps": steps,
            "best_rate_p99_under_50ms": best_rate(steps, 50),
            "gc_pause_max_ms": gc_pause_max(target),
            "patches": patch_statuses(target),
        }
    finally:
        stop_all(processes)


@dataclass
class Chat:
    agents: LoadProcess  # one process: every agent, with a socket on every worker
    senders: list  # visitor processes, spread over the workers
    opened: int  # conversations opened by the first messages
    unassigned: int  # of those, still queued (a good run has none)

    @property
    def processes(self):
        return [self.agents, *self.senders]


def open_chat(target, agent_auths, visitor_auths, content_bytes, first_index):
    """Connect the agents and the visitors, and open one conversation per visitor.

    Agents have a socket on every worker; visitors are spread over the workers, and each
    message is timed where it crossed to another worker (loadgen.Latencies)."""
    workers = target.workers
    agent_process = LoadProcess(
        "agents", workers[-1].url, "/agent", agent_auths, first_index, urls=[w.url for w in workers]
    )
    agent_process.expect("connected", 60)
    count = SENDER_PROCESSES * len(workers) if len(workers) > 1 else SENDER_PROCESSES
    share = [visitor_auths[i::count] for i in range(count)]
    senders = [
        LoadProcess(
            "senders",
            workers[i % len(workers)].url,
            "/visitor",
            chunk,
            first_index + 1 + i,
            content_bytes=content_bytes,
            worker=i % len(workers),
        )
        for i, chunk in enumerate(share)
    ]
    chat = Chat(agent_process, senders, 0, 0)
    try:
        for p in senders:
            p.expect("connected", 120)
        chat.opened = sum(p.ask({"cmd": "open"}, "opened", 180)["ok"] for p in senders)
        chat.unassigned = unassigned_count(target)
        agent_process.ask({"cmd": "status"}, "status")  # drop the opening messages' timings
    except BaseException:
        stop_all(chat.processes)
        raise
    return chat


def profiler(target, rate, seconds):
    """py-spy sampling the first Kefu worker through this step, when KEFU_BENCH_PROFILE names
    the rate (comma-separated offered rates); its folded stacks go to
    KEFU_BENCH_PROFILE_DIR (default: the working directory). None otherwise."""
    wanted = {r.strip() for r in os.environ.get("KEFU_BENCH_PROFILE", "").split(",") if r.strip()}
    if target.kind != "kefu" or str(rate) not in wanted:
        return None
    folder = Path(os.environ.get("KEFU_BENCH_PROFILE_DIR", "."))
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"profile-kefu{len(target.workers)}-{rate}.txt"
    command = [
        shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy")),
        "record",
        "--pid",
        str(target.workers[0].process.pid),
        "--duration",
        str(int(seconds)),
        "--rate",
        "100",
        "--nonblocking",
        "--format",
        "raw",
        "--output",
        str(out),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_step(target, agent_process, sender_processes, index, rate, seconds):
    workers = target.workers
    sampling = profiler(target, rate, seconds)
    gc_before = gc_counts(target)
    cpu_before = [w.cpu_seconds() for w in workers]
    started = time.monotonic()
    per_process = rate / len(sender_processes)
    command = {
        "cmd": "steps",
        "start_ns": time.time_ns() + 300_000_000,
        "steps": [[per_process, seconds]],
        "step_index": index,
    }
    for p in sender_processes:
        p.send(command)
    results = [p.expect("stepped", seconds + 90)["steps"][0] for p in sender_processes]
    elapsed = time.monotonic() - started
    if sampling is not None:
        sampling.wait(timeout=60)
    time.sleep(STEP_PAUSE_SECONDS)
    received = agent_process.ask({"cmd": "status"}, "status")
    latency = received["steps"].get(str(index), summarize([]))
    sent = sum(r["sent"] for r in results)
    acked = sum(r["acked"] for r in results)
    sender_seconds = max(r["seconds"] for r in results)
    return {
        "rate": rate,
        "sent": sent,
        "acked": acked,
        "delivered": latency["n"],
        "errors": sum(sum(r["errors"].values()) for r in results),
        "sustained_per_second": round(acked / max(sender_seconds, 1e-6), 1),
        "latency_ms": latency,
        "ack_ms_p99": max((r["ack_ms"]["p99"] or 0) for r in results),
        "server_cpu_percent": [
            round(100 * (w.cpu_seconds() - c) / elapsed, 1)
            for w, c in zip(workers, cpu_before, strict=True)
        ],
        "client_cpu_max": max(r["client_cpu"] for r in results),
        "late_sends": sum(r["late_sends"] for r in results),
        **gc_during(gc_before, gc_counts(target)),
    }


def gc_during(before, after):
    """The step's GC pauses over 20 ms, by the clock and by CPU time (a pause whose CPU time
    stayed under 20 ms was the worker waiting for a core, not the collector)."""
    if before is None:
        return {"gc_pauses_over_20ms": None, "gc_pauses_over_20ms_cpu": None}
    return {
        "gc_pauses_over_20ms": sum(a[0] - b[0] for a, b in zip(after, before, strict=True)),
        "gc_pauses_over_20ms_cpu": sum(a[1] - b[1] for a, b in zip(after, before, strict=True)),
    }


def saturated(step):
    p99 = step["latency_ms"]["p99"]
    lost = 1 - step["delivered"] / max(step["sent"], 1)
    return p99 is None or p99 > SATURATED_P99_MS or lost > SATURATED_LOSS


def best_rate(steps, p99_ms):
    """The highest rate whose every message arrived with p99 ≤ p99_ms (None if none)."""
    good = [
        s["sustained_per_second"]
        for s in steps
        if s["latency_ms"]["p99"] is not None
        and s["latency_ms"]["p99"] <= p99_ms
        and s["delivered"] >= s["sent"]
        and not s["errors"]
    ]
    return max(good, default=None)


def unassigned_count(target):
    """Kefu: conversations still queued after the opening messages (they would never reach
    an agent, so a good run has none)."""
    if target.kind == "node":
        return 0
    import requests

    token = target.admin_token()
    response = requests.get(
        target.workers[0].url + "/api/conversations?status=queued",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    return response.json()["total"]


def patch_statuses(target):
    """Kefu: {library: status} of each worker's library patches (kefu/patches/), so a run on
    a release a patch does not know says it ran unpatched instead of only being slower."""
    if target.kind == "node":
        return None
    token = target.admin_token()
    statuses = {}
    for worker in range(len(target.workers)):
        for library, status in target.runtime(worker, token)["patches"].items():
            statuses.setdefault(library, status)
    return statuses


def gc_pause_max(target):
    if target.kind == "node":
        return None
    return round(
        1000
        * max(target.metric(w, "kefu_gc_pause_max_seconds") for w in range(len(target.workers))),
        1,
    )
