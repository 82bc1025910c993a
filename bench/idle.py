"""Idle capacity: N authenticated visitor sockets joined to their rooms, then a quiet minute.

Reports server RSS per connection, the connect rate and the idle CPU at the default ping
interval, and says when the file-descriptor limit, or the load generator, was the limit."""

import time

from .clients import LoadProcess, spread, stop_all
from .servers import minted_visitor_tokens

SETTLE_SECONDS = 3
FD_HEADROOM = 100


def connect_idle(workers, auths, namespace="/visitor", first_index=0, timeout=None):
    """Open the sockets spread evenly over the workers, each client process ≤ 5k sockets;
    return (processes, per-process reports, seconds until the last process finished)."""
    per_worker = [auths[i :: len(workers)] for i in range(len(workers))]
    processes = []
    for worker, share in zip(workers, per_worker, strict=True):
        for chunk in spread(share):
            processes.append(
                LoadProcess("idle", worker.url, namespace, chunk, first_index + len(processes))
            )
    started = time.monotonic()
    timeout = timeout or 60 + len(auths) / 100
    reports = [p.expect("connected", timeout) for p in processes]
    return processes, reports, time.monotonic() - started


def measure_idle(deployment, count, idle_seconds):
    """One row: `count` idle visitors on the deployment's workers."""
    workers = deployment.workers
    time.sleep(1)
    rss_before = [w.rss() for w in workers]
    if deployment.kind == "node":
        auths = [{"token": f"nv{i:06d}"} for i in range(count)]
    else:
        auths = [{"token": t} for t in minted_visitor_tokens(count)]
    processes, reports, _ = connect_idle(workers, auths)
    try:
        connected = sum(r["ok"] for r in reports)
        failed = sum(r["failed"] for r in reports)
        connect_seconds = max(r["seconds"] for r in reports)
        time.sleep(SETTLE_SECONDS)
        rss_after = [w.rss() for w in workers]
        fds = [w.fds() for w in workers]
        fd_limit_hit = any(
            f >= w.fd_limit() - FD_HEADROOM for f, w in zip(fds, workers, strict=True)
        )
        cpu_before = [w.cpu_seconds() for w in workers]
        for p in processes:
            p.ask({"cmd": "status"}, "status")
        time.sleep(idle_seconds)
        cpu = [
            (w.cpu_seconds() - c) / idle_seconds for w, c in zip(workers, cpu_before, strict=True)
        ]
        statuses = [p.ask({"cmd": "status"}, "status") for p in processes]
    finally:
        stop_all(processes)
    errors = {}
    for report in reports:
        for text, n in report["errors"].items():
            errors[text] = errors.get(text, 0) + n
    grown = sum(rss_after) - sum(rss_before)
    return {
        "server": deployment.kind,
        "workers": len(workers),
        "connections": count,
        "connected": connected,
        "failed": failed,
        "errors": errors,
        "fd_limit_hit": fd_limit_hit,
        "still_open": sum(s["open"] for s in statuses),
        "dropped": sum(s["dropped"] for s in statuses),
        "rss_mb": round(sum(rss_after) / 2**20, 1),
        "rss_per_connection_kb": round(grown / max(connected, 1) / 1024, 1),
        "connect_per_second": round(connected / connect_seconds, 1),
        "idle_cpu_percent": round(100 * sum(cpu), 1),
        "idle_cpu_percent_per_worker": [round(100 * c, 1) for c in cpu],
        "client_processes": len(processes),
        "client_cpu_connect_max": max(r["client_cpu"] for r in reports),
        "client_cpu_idle_max": max(s["client_cpu"] for s in statuses),
        "idle_seconds": idle_seconds,
    }
