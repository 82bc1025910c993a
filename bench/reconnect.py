"""The reconnect storm: a worker restarted with thousands of visitor sockets on it.

Two Kefu workers on PostgreSQL + Redis. N idle visitors are connected to worker A; on worker
B, visitors send to agents at a steady rate. A is stopped as a deploy stops it (SIGTERM)
and started again on its port; its sockets reconnect as socket.io clients do
(bench/rejoin.py), to A once it is back or to B. Measured: the time from the signal until
every socket is connected again, the reconnect rate, where the sockets landed, failed
attempts, B's visitor→agent latency before, during and after the storm, that every
acknowledged message was delivered, the workers' RSS. Beside it, the Node reference's
connect rate for N fresh sockets (the idle scenario's connect) and Kefu's onto worker A,
measured the same way."""

import math
import os
import time
from collections import Counter, defaultdict

from .clients import LoadProcess, spread, stop_all
from .idle import connect_idle
from .messages import gc_over, setup_chat, unassigned_count
from .servers import minted_visitor_tokens
from .stats import percentile, summarize

POLL_SECONDS = 0.2
DELIVERY_SECONDS = 30  # how long the last acknowledged messages may take to arrive


def run_reconnect(target, sockets, rate, senders, agents, quiet_seconds, log=print):
    """The storm on a two-worker Kefu deployment; return the result dict."""
    agent_auths, visitor_auths = setup_chat(target, senders, agents)
    auths = [{"token": t} for t in minted_visitor_tokens(sockets)]
    urls = [w.url for w in target.workers]
    processes = []
    try:
        rejoining = [
            LoadProcess(
                "rejoining", urls[0], "/visitor", chunk, i, module="bench.rejoin", urls=urls
            )
            for i, chunk in enumerate(spread(auths))
        ]
        processes += rejoining
        first = [p.expect("connected", 60 + sockets / 100) for p in rejoining]
        agent_process = LoadProcess(
            "flow_agents", urls[1], "/agent", agent_auths, len(processes), module="bench.flow"
        )
        processes.append(agent_process)
        agent_process.expect("connected", 60)
        sender = LoadProcess(
            "flow_senders",
            urls[1],
            "/visitor",
            visitor_auths,
            len(processes),
            module="bench.flow",
            worker=1,
        )
        processes.append(sender)
        sender.expect("connected", 120)
        opened = sender.ask({"cmd": "open"}, "opened", 180)["ok"]
        unassigned = unassigned_count(target)
        log(f"  {sockets:,} sockets on worker A, {rate} msg/s on worker B; restarting A")
        sender.send({"cmd": "flow", "rate": rate})
        flow_started = time.time()
        time.sleep(quiet_seconds)
        rss_before = [w.rss() for w in target.workers]
        cpu_b, load_before = target.workers[1].cpu_seconds(), os.getloadavg()[0]
        gc_b, overflows = gc_over(target, 1), listen_overflows()
        for p in rejoining:  # their CPU is measured from here
            p.ask({"cmd": "status"}, "status")
        restart = target.restart(0)
        deadline = restart["signalled"] + 60 + sockets / 100
        statuses, client_cpu = wait_back(rejoining, sockets, deadline)
        storm_end, load_after = time.time(), os.getloadavg()[0]
        gc_b = gc_over(target, 1) - gc_b
        if overflows is not None:
            overflows = listen_overflows() - overflows
        cpu_b = 100 * (target.workers[1].cpu_seconds() - cpu_b) / (storm_end - restart["signalled"])
        time.sleep(quiet_seconds)
        halted = time.time()
        flowed = sender.ask({"cmd": "halt"}, "flowed", 60)
        received = wait_delivered(agent_process, flowed["acked"])
        timeline = [
            v for p in rejoining for v in p.ask({"cmd": "timeline"}, "timeline")["visitors"]
        ]
        admin = target.admin_token()
        server_sockets = [
            target.runtime(w, admin)["engineio_sockets"] for w in range(len(target.workers))
        ]
        rss_after = [w.rss() for w in target.workers]
    finally:
        stop_all(processes)
    storm = storm_figures(timeline, restart["signalled"], statuses, client_cpu)
    storm["server_sockets"] = server_sockets
    # The storm lasts from the signal until the last socket was back (or the deadline).
    signalled = restart["signalled"]
    end = storm_end if storm["all_back_seconds"] is None else signalled + storm["all_back_seconds"]
    return {
        "server": target.kind,
        "workers": len(target.workers),
        "sockets": sockets,
        "initial": connect_figures(first, sockets),
        "restart": {
            "exit_seconds": round(restart["exited"] - restart["signalled"], 3),
            "exit_code": restart["exit_code"],
            "ready_seconds": round(restart["ready"] - restart["exited"], 3),
            "back_up_seconds": round(restart["ready"] - restart["signalled"], 3),
        },
        "storm": storm,
        "flow": flow_figures(flowed, received, (flow_started, signalled, end, halted))
        | {"senders": senders, "agents": agents, "opened": opened, "unassigned": unassigned},
        "b_cpu_percent_storm": round(cpu_b, 1),
        "b_gc_pauses_over_20ms_storm": gc_b,
        "listen_overflows_storm": overflows,
        "rss_mb_before": [round(r / 2**20, 1) for r in rss_before],
        "rss_mb_after": [round(r / 2**20, 1) for r in rss_after],
        # The machine's 1-minute load average before the restart and once all were back:
        # far above its core count, the figures measure the crowd, not Kefu.
        "load_average": [round(load_before, 2), round(load_after, 2)],
    }


def wait_back(processes, count, deadline):
    """Poll the rejoining processes until every socket dropped and is connected again, or
    the deadline (wall clock) passes; return their last statuses and the highest client CPU."""
    client_cpu = 0.0
    while True:
        statuses = [p.ask({"cmd": "status"}, "status") for p in processes]
        client_cpu = max(client_cpu, *(s["client_cpu"] for s in statuses))
        if sum(s["back"] for s in statuses) == count or time.time() > deadline:
            return statuses, client_cpu
        time.sleep(POLL_SECONDS)


def wait_delivered(agent_process, acked):
    """The agents' received messages, once every acked id is among them (or time is up)."""
    deadline = time.monotonic() + DELIVERY_SECONDS
    while True:
        received = agent_process.ask({"cmd": "collect"}, "collected", 60)["messages"]
        if set(acked) <= {m[2] for m in received} or time.monotonic() > deadline:
            return received
        time.sleep(0.5)


def connect_figures(reports, count):
    """Fresh connects of `count` sockets (the idle scenario's figures)."""
    connected = sum(r["ok"] for r in reports)
    errors = Counter()
    for report in reports:
        errors.update(report["errors"])
    return {
        "connections": count,
        "connected": connected,
        "failed": sum(r["failed"] for r in reports),
        "errors": dict(errors),
        "connect_per_second": round(connected / max(r["seconds"] for r in reports), 1),
        "client_cpu_max": max(r["client_cpu"] for r in reports),
    }


def storm_figures(timeline, signalled, statuses, client_cpu):
    """When the sockets were back (seconds after the signal), how fast, where, what failed."""
    back = sorted(v[1] - signalled for v in timeline if v[1] is not None and v[4])
    dropped = [v[0] - signalled for v in timeline if v[0] is not None]
    errors = Counter()
    for status in statuses:
        errors.update(status["errors"])
    span = back[-1] - back[0] if len(back) > 1 else 0
    per_second = Counter(math.floor(b) for b in back)
    return {
        "dropped": len(dropped),
        "first_drop_seconds": round(min(dropped), 3) if dropped else None,
        "last_drop_seconds": round(max(dropped), 3) if dropped else None,
        "back": len(back),
        "not_back": len(timeline) - sum(s["back"] for s in statuses),
        "half_back_seconds": at(back, 0.5),
        "p90_back_seconds": at(back, 0.9),
        "p99_back_seconds": at(back, 0.99),
        "all_back_seconds": at(back, 1.0) if len(back) == len(timeline) else None,
        "reconnect_per_second": round(len(back) / span, 1) if span else None,
        "peak_per_second": max(per_second.values(), default=0),
        "back_by_second": [per_second.get(s, 0) for s in range(max(per_second, default=-1) + 1)],
        "landed": [sum(c) for c in zip(*(s["per_worker"] for s in statuses), strict=True)],
        "attempts_mean": round(sum(v[3] for v in timeline) / max(len(timeline), 1), 2),
        "attempts_max": max((v[3] for v in timeline), default=0),
        "failed_attempts": sum(s["failed_attempts"] for s in statuses),
        "errors": dict(errors.most_common(5)),
        "client_cpu_max": client_cpu,
    }


def at(ordered, fraction):
    value = percentile(ordered, fraction)
    return None if value is None else round(value, 3)


def flow_figures(flowed, received, marks):
    """B's messages: sent, acked, delivered, lost; latency before, during and after the storm.
    `marks`: wall-clock times of the flow's start, the signal, the storm's end, the halt."""
    started, signalled, storm_end, halted = marks
    acked = set(flowed["acked"])
    delivered = {m[2] for m in received}
    windows = {"before": [], "during": [], "after": []}
    by_second = defaultdict(list)  # whole seconds from the signal (negative: before it)
    for sent_at, latency, _ in received:
        name = "before" if sent_at < signalled else "during" if sent_at <= storm_end else "after"
        windows[name].append(latency)
        by_second[math.floor(sent_at - signalled)].append(latency)
    spans = {
        "before": signalled - started,
        "during": storm_end - signalled,
        "after": halted - storm_end,
    }
    return {
        "rate": flowed["rate"],
        "sent": flowed["sent"],
        "acked": len(acked),
        "delivered": len(delivered),
        "lost": len(acked - delivered),
        "duplicates": len(received) - len(delivered),
        "errors": flowed["errors"],
        "late_sends": flowed["late_sends"],
        "ack_ms": flowed["ack_ms"],
        "client_cpu": flowed["client_cpu"],
        "windows": {
            name: summarize(values) | {"seconds": round(spans[name], 1)}
            for name, values in windows.items()
        },
        # [second from the signal, messages sent in it, their p99 ms]: where the spike sits
        "p99_by_second": [
            [second, len(values), summarize(values)["p99"]]
            for second, values in sorted(by_second.items())
        ],
    }


def listen_overflows():
    """The kernel's count of handshakes dropped because a listen queue was full (the whole
    machine; None where /proc/net/netstat does not tell)."""
    try:
        with open("/proc/net/netstat") as table:
            lines = table.read().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            counts = dict(zip(names.split()[1:], values.split()[1:], strict=True))
            return int(counts["ListenOverflows"]) if "ListenOverflows" in counts else None
    return None


def node_connect(target, sockets):
    """The Node reference's connect rate for the same number of fresh sockets."""
    auths = [{"token": f"nv{i:06d}"} for i in range(sockets)]
    processes, reports, _ = connect_idle(target.workers, auths)
    stop_all(processes)
    return connect_figures(reports, sockets)
