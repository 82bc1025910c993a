"""What a full run and a smoke run measure, and the scenario functions the entry point calls.

Every scenario measures Kefu and the Node reference in the same run; a fresh server is
started for every row, so one row's leftovers never weigh on the next."""

from dataclasses import dataclass, replace

from . import compression
from .dispatch import run_dispatch
from .idle import measure_idle
from .messages import run_messages
from .reconnect import node_connect, run_reconnect
from .reports import run_reports
from .servers import running
from .soak import run_soak
from .webhooks import run_webhooks
from .widget import run_widget


@dataclass(frozen=True)
class Settings:
    idle_rows: tuple  # (server, workers, connections)
    idle_seconds: float
    message_targets: tuple  # (server, workers)
    rates: tuple
    step_seconds: float
    senders: int
    agents: int
    idle_during_messages: int
    storm_visitors: int
    storm_agents: int
    storm_capacity: int
    compression_messages: int
    soak_seconds: float
    soak_idle: int
    soak_churn: int  # sockets that connect and disconnect every interval
    soak_interval: float
    soak_rate: float
    report_conversations: int  # over a year, in PostgreSQL
    report_messages_each: int
    webhook_rates: tuple  # kefu×2 with and without a webhook on message.created
    webhook_variants: tuple  # "without", "recorded" (receiver down), "with" (delivered)
    reconnect_sockets: int  # on the worker that is restarted
    reconnect_rate: float  # msg/s on the other worker meanwhile
    reconnect_senders: int
    reconnect_agents: int
    reconnect_quiet_seconds: float  # of messages before the restart, and after the storm


FULL = Settings(
    idle_rows=(
        ("kefu", 1, 1000),
        ("node", 1, 1000),
        ("kefu", 1, 5000),
        ("node", 1, 5000),
        ("kefu", 1, 10000),
        ("node", 1, 10000),
        ("kefu", 1, 19500),
        ("node", 1, 19500),
        ("kefu", 2, 39000),
        ("kefu", 3, 50000),
    ),
    idle_seconds=60,
    message_targets=(("kefu", 1), ("kefu", 2), ("node", 1)),
    rates=(250, 500, 750, 1000, 1500, 2000, 3000, 4000),
    step_seconds=10,
    senders=1000,
    agents=50,
    idle_during_messages=15000,
    storm_visitors=1000,
    storm_agents=50,
    storm_capacity=5,
    compression_messages=300,
    soak_seconds=30 * 60,
    soak_idle=10000,
    soak_churn=1000,
    soak_interval=30,
    soak_rate=200,
    report_conversations=100_000,
    report_messages_each=10,
    webhook_rates=(250, 500, 1000, 1500, 2000),
    webhook_variants=("without", "recorded", "with"),
    reconnect_sockets=15000,
    reconnect_rate=200,
    reconnect_senders=200,
    reconnect_agents=20,
    reconnect_quiet_seconds=10,
)

SMOKE = Settings(
    idle_rows=(("kefu", 1, 100), ("node", 1, 100), ("kefu", 2, 100)),
    idle_seconds=2,
    message_targets=(("kefu", 1), ("kefu", 2), ("node", 1)),
    rates=(20, 50),
    step_seconds=2,
    senders=20,
    agents=4,
    idle_during_messages=50,
    storm_visitors=40,
    storm_agents=4,
    storm_capacity=5,
    compression_messages=10,
    soak_seconds=12,
    soak_idle=50,
    soak_churn=30,
    soak_interval=3,
    soak_rate=20,
    report_conversations=2_000,
    report_messages_each=10,
    webhook_rates=(20, 50),
    webhook_variants=("without", "with"),
    reconnect_sockets=300,
    reconnect_rate=20,
    reconnect_senders=10,
    reconnect_agents=2,
    reconnect_quiet_seconds=2,
)


def only_targets(settings, names):
    """The settings with only the idle and message rows of the named servers ("kefu1",
    "kefu2", "kefu3", "node"): for iterating on one row."""

    def wanted(server, workers):
        return (server if server == "node" else f"{server}{workers}") in names

    return replace(
        settings,
        idle_rows=tuple(r for r in settings.idle_rows if wanted(r[0], r[1])),
        message_targets=tuple(t for t in settings.message_targets if wanted(*t)),
    )


def idle(settings, log):
    rows = []
    for server, workers, count in settings.idle_rows:
        with running(server, workers) as target:
            row = measure_idle(target, count, settings.idle_seconds)
        log(
            f"  idle {server}×{workers} {count}: {row['rss_per_connection_kb']} KB/conn, "
            f"{row['connect_per_second']}/s, idle CPU {row['idle_cpu_percent']}%"
            + ("  [fd limit]" if row["fd_limit_hit"] else "")
        )
        rows.append(row)
    return {"rows": rows}


def messages(settings, log):
    runs = []
    for server, workers in settings.message_targets:
        with running(server, workers) as target:
            run = run_messages(
                target,
                settings.rates,
                settings.step_seconds,
                senders=settings.senders,
                agents=settings.agents,
                idle=settings.idle_during_messages,
            )
        for step in run["steps"]:
            lat = step["latency_ms"]
            log(
                f"  messages {server}×{workers} @{step['rate']}: {step['sustained_per_second']}/s "
                f"p50 {lat['p50']} p99 {lat['p99']} max {lat['max']} ms"
            )
        runs.append(run)
    return {"runs": runs}


def dispatch(settings, log):
    with running("kefu", 2) as target:
        result = run_dispatch(
            target,
            settings.storm_visitors,
            settings.storm_agents,
            settings.storm_capacity,
            target.database_url,
        )
    log(
        f"  storm: all placed {result['all_placed_seconds']} s, last update "
        f"{result['last_position_update_seconds']} s, open {result['open']} queued "
        f"{result['queued']}, over capacity {result['over_capacity_agents']}"
    )
    return result


def compress(settings, log):
    result = {}
    for setting in ("on", "off"):
        env = {"KEFU_HTTP_COMPRESSION": "1" if setting == "on" else "0"}
        with running("kefu", 1, env=env) as target:
            result[setting] = compression.measure(target, settings.compression_messages)
        log(f"  compression {setting}: {result[setting]}")
    on, off = result["on"]["polling"], result["off"]["polling"]
    saved = 1 - on["bytes_to_agent_per_message"] / off["bytes_to_agent_per_message"]
    cpu = on["server_cpu_ms_per_message"] / max(off["server_cpu_ms_per_message"], 1e-6) - 1
    result["polling_bytes_saved"] = round(saved, 3)
    result["polling_cpu_added"] = round(cpu, 3)
    # The rule: worth it when it saves a quarter of the bytes for at most a quarter more CPU.
    result["winner"] = "on" if saved >= 0.25 and cpu <= 0.25 else "off"
    result["websocket_deflate"] = "not supported by gevent-websocket (frames sent as they are)"
    return result


def soak(settings, log):
    with running("kefu", 1) as target:
        result = run_soak(
            target,
            settings.soak_seconds,
            idle=settings.soak_idle,
            churn=settings.soak_churn,
            interval=settings.soak_interval,
            rate=settings.soak_rate,
            senders=settings.senders,
            agents=settings.agents,
            log=log,
        )
    log(
        f"  soak: rss {result['rss_mb_first']} → {result['rss_mb_last']} MB "
        f"({result['rss_mb_per_hour']} MB/h), frozen {result['frozen_first']} → "
        f"{result['frozen_last']} ({result['frozen_per_hour']}/h), "
        f"GC pauses > 20 ms: {result['gc_pauses_over_20ms']}"
    )
    return result


def reports(settings, log):
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kefu-bench-reports-") as workdir:
        result = run_reports(settings.report_conversations, settings.report_messages_each, workdir)
    for span, row in result["summary"].items():
        log(
            f"  reports {span} days: {row['conversations']} conversations, summary "
            f"{row['summary_seconds']} s, naive scan {row['naive_scan_seconds']} s"
        )
    for span, row in result["export"].items():
        log(
            f"  export {span} days: {row['bytes']} bytes in {row['seconds']} s, "
            f"peak {row['peak_python_mb']} MB"
        )
    return result


def webhooks(settings, log):
    return run_webhooks(settings, log)


def reconnect(settings, log):
    count = settings.reconnect_sockets
    with running("kefu", 2) as target:
        result = run_reconnect(
            target,
            count,
            settings.reconnect_rate,
            settings.reconnect_senders,
            settings.reconnect_agents,
            settings.reconnect_quiet_seconds,
            log=log,
        )
    with running("node") as target:
        result["node"] = node_connect(target, count)
    storm, windows = result["storm"], result["flow"]["windows"]
    log(
        f"  reconnect {count:,}: all back after {storm['all_back_seconds']} s "
        f"({storm['reconnect_per_second']}/s, landed {storm['landed']}), "
        f"B p99 {windows['before']['p99']} / {windows['during']['p99']} / "
        f"{windows['after']['p99']} ms, lost {result['flow']['lost']}; "
        f"fresh connects Kefu {result['initial']['connect_per_second']}/s, "
        f"Node {result['node']['connect_per_second']}/s"
    )
    return result


def widget(settings, log):
    return run_widget(log=log)


SCENARIOS = {
    "idle": idle,
    "messages": messages,
    "dispatch": dispatch,
    "reconnect": reconnect,
    "compression": compress,
    "soak": soak,
    "reports": reports,
    "webhooks": webhooks,
    "widget": widget,
}
