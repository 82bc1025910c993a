"""`python -m bench --smoke` end to end: every scenario against Kefu and the Node reference,
then the report and its plots. Needs PostgreSQL, Redis and node/npm (skips without them
outside CI)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..services import PG_ADMIN_URL, REDIS_URL, unavailable

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = {
    "idle",
    "messages",
    "dispatch",
    "reconnect",
    "compression",
    "soak",
    "reports",
    "webhooks",
    "widget",
}
PLOTS = ("rss_per_connection.png", "latency_vs_rate.png", "idle_cpu.png", "soak_memory.png")


def require_services():
    """PostgreSQL, Redis, node and npm, or skip (fail in CI)."""
    import psycopg
    import redis

    try:
        psycopg.connect(PG_ADMIN_URL, connect_timeout=5).close()
    except psycopg.Error as exc:
        unavailable(f"PostgreSQL unreachable at {PG_ADMIN_URL}: {exc}")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"redis unreachable at {REDIS_URL}: {exc}")
    finally:
        client.close()
    for command in ("node", "npm"):
        if shutil.which(command) is None:
            unavailable(f"`{command}` is not installed (the Node reference server needs it)")


@pytest.mark.timeout(900)
def test_smoke_run_measures_everything_and_writes_the_report(tmp_path):
    require_services()
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"

    runs = json.loads((tmp_path / "results.json").read_text())["runs"]
    assert set(runs) == SCENARIOS

    for row in runs["idle"]["rows"]:
        assert (row["connected"], row["failed"], row["dropped"]) == (row["connections"], 0, 0), row

    for run in runs["messages"]["runs"]:
        assert run["unassigned"] == 0, run
        if run["server"] == "kefu":  # a release a patch does not know would run unpatched
            assert set(run["patches"].values()) == {"patched"}, run["patches"]
        for step in run["steps"]:
            where = f"{run['server']}×{run['workers']} @{step['rate']}: {step}"
            assert step["delivered"] == step["sent"], where
            assert step["acked"] == step["sent"], where
            assert step["errors"] == 0, where

    storm = runs["dispatch"]
    assert storm["over_capacity_agents"] == 0, storm
    assert storm["load_mismatches"] == 0, storm
    assert storm["open"] + storm["queued"] == storm["visitors"], storm
    assert storm["errors"] == 0, storm

    rejoin = runs["reconnect"]
    storm, flow = rejoin["storm"], rejoin["flow"]
    assert rejoin["restart"]["exit_code"] == 0, rejoin
    assert rejoin["initial"]["connected"] == rejoin["sockets"], rejoin
    assert storm["dropped"] == storm["back"] == sum(storm["landed"]) == rejoin["sockets"], storm
    assert storm["not_back"] == 0 and storm["all_back_seconds"] is not None, storm
    assert flow["sent"] == flow["acked"] == flow["delivered"] > 0, flow  # nothing lost
    assert (flow["lost"], flow["duplicates"], flow["errors"]) == (0, 0, {}), flow
    assert all(w["n"] > 0 for w in flow["windows"].values()), flow
    assert rejoin["node"]["connected"] == rejoin["sockets"], rejoin

    compression = runs["compression"]
    assert compression["winner"] in ("on", "off")
    on, off = compression["on"]["polling"], compression["off"]["polling"]
    assert on["bytes_to_agent_per_message"] < off["bytes_to_agent_per_message"], compression

    soak = runs["soak"]
    assert soak["sent"] == soak["acked"] == soak["delivered"] > 0, soak
    assert soak["churned"] == soak["churn_per_interval"] * len(soak["samples"]), soak
    assert all(s["frozen"] > 0 for s in soak["samples"]), soak

    reports = runs["reports"]
    year = reports["summary"]["365"]
    assert 0 < year["conversations"] <= reports["conversations"], reports
    assert year["naive_rows"] == year["conversations"], reports  # both read the same period
    assert reports["export"]["90"]["bytes"] > reports["export"]["7"]["bytes"] > 0, reports

    hooks = runs["webhooks"]
    delivery = hooks["with"]["delivery"]
    assert delivery["unique"] == delivery["messages_acked"] > 0, hooks  # every message, once
    assert delivery["lag_ms"]["p50"] is not None, hooks
    assert [s["rate"] for s in hooks["without"]["steps"]] == [20, 50], hooks

    widget = runs["widget"]
    assert 0 < widget["loader_gzip_bytes"] <= widget["loader_budget_bytes"], widget
    assert 0 < widget["frame_gzip_bytes"] <= widget["frame_budget_bytes"], widget
    assert any(name.endswith("socket.io.min.js") for name, _ in widget["largest_frame_files"])

    assert (tmp_path / "report.md").is_file()
    for name in PLOTS:
        assert (tmp_path / name).is_file(), name
