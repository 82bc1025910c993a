"""The dispatch storm: many visitors arrive within a second across two workers.

Measures the time until every conversation is assigned or queued (every first message
acknowledged: the router ran before the ack), the time until the last queue-position
update reached a visitor, and checks in the database that no agent exceeds its capacity."""

import time

from sqlalchemy import create_engine, text

from .clients import LoadProcess, stop_all

SPREAD_SECONDS = 1.0
QUIET_SECONDS = 2.0


def run_dispatch(target, visitors, agents, capacity, database_url):
    workers = target.workers
    agent_tokens = target.create_agents(agents, max_concurrent=capacity)
    processes = []
    try:
        for index, worker in enumerate(workers):
            mine = [{"token": t} for t in agent_tokens[index :: len(workers)]]
            processes.append(LoadProcess("idle", worker.url, "/agent", mine, len(processes)))
        storms = []
        for index, worker in enumerate(workers):
            tokens = target.visitors(visitors // len(workers), worker=index)
            auths = [{"token": t} for t in tokens]
            storms.append(LoadProcess("storm", worker.url, "/visitor", auths, len(processes)))
            processes.append(storms[-1])
        for p in processes:
            p.expect("connected", 120)
        time.sleep(1)  # agents' presence is settled on every worker
        start = time.time() + 1.0
        cpu_before = [w.cpu_seconds() for w in workers]
        for p in storms:
            p.send({"cmd": "go", "start_ns": int(start * 1e9), "spread": SPREAD_SECONDS})
        placed = [v for p in storms for v in p.expect("stormed", 180)["visitors"]]
        cpu = [round(w.cpu_seconds() - c, 2) for w, c in zip(workers, cpu_before, strict=True)]
        last_event = wait_quiet(storms)
        check = capacity_check(database_url)
    finally:
        stop_all(processes)
    acked = [v["acked"] for v in placed if "acked" in v]
    return {
        "server": target.kind,
        "workers": len(workers),
        "visitors": len(placed),
        "agents": agents,
        "capacity_each": capacity,
        "errors": sum(1 for v in placed if "error" in v or not v.get("ok")),
        "arrival_seconds": SPREAD_SECONDS,
        "all_placed_seconds": round(max(acked) - start, 3) if acked else None,
        "after_last_arrival_seconds": (
            round(max(acked) - (start + SPREAD_SECONDS), 3) if acked else None
        ),
        "last_position_update_seconds": round(last_event - start, 3) if last_event else None,
        "server_cpu_seconds": cpu,
        **check,
    }


def wait_quiet(storms, limit=60):
    """The time of the last `conversation` event any visitor saw, once none came for a while."""
    deadline = time.monotonic() + limit
    while True:
        last = max(p.ask({"cmd": "quiet"}, "quiet")["last_conversation_event"] for p in storms)
        if time.time() - last >= QUIET_SECONDS or time.monotonic() > deadline:
            return last
        time.sleep(0.5)


def capacity_check(database_url):
    """Counts by status, and every agent's open conversations against its capacity."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            by_status = dict(
                connection.execute(
                    text("SELECT status, count(*) FROM conversations GROUP BY status")
                ).all()
            )
            agents = connection.execute(
                text(
                    "SELECT a.id, a.max_concurrent, a.load, "
                    "(SELECT count(*) FROM conversations c "
                    " WHERE c.agent_id = a.id AND c.status = 'open') "
                    "FROM agents a"
                )
            ).all()
    finally:
        engine.dispose()
    return {
        "open": by_status.get("open", 0),
        "queued": by_status.get("queued", 0),
        "over_capacity_agents": sum(1 for _, cap, _, n in agents if n > cap),
        "load_mismatches": sum(1 for _, _, load, n in agents if load != n),
        "max_open_per_agent": max((n for *_, n in agents), default=0),
    }
