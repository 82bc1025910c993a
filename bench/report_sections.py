"""The report's sections for the scenarios past idle sockets and messages: the dispatch
storm, the reconnect storm, compression, the soak, reports, webhooks and the widget."""

from .report_format import (
    TARGET_MS,
    best,
    client_cpu,
    fmt,
    images,
    percent,
    ratio,
    section,
    table,
)
from .soak import slope

SOAK_PLOT = "soak_memory.png"


DISPATCH_LABELS = {
    "server": "Server",
    "workers": "Workers",
    "visitors": "Visitors",
    "agents": "Agents",
    "capacity_each": "Capacity per agent",
    "errors": "Errors",
    "arrival_seconds": "Arrivals spread over, s",
    "all_placed_seconds": "All assigned or queued after, s",
    "after_last_arrival_seconds": "… after the last arrival, s",
    "last_position_update_seconds": "Last queue-position update after, s",
    "server_cpu_seconds": "Worker CPU until all placed, s (per worker)",
    "open": "Open conversations",
    "queued": "Queued conversations",
    "over_capacity_agents": "Agents over capacity",
    "load_mismatches": "Agents whose load ≠ open conversations",
    "max_open_per_agent": "Most open conversations on one agent",
    "seconds": "Scenario duration, s",
}


def dispatch_section(results, plots):
    run = results["runs"]["dispatch"]
    rows = [[DISPATCH_LABELS.get(key, key), value] for key, value in run.items()]
    body = [
        "Visitors arrive all at once across the workers, spread over the arrival time below; "
        "times count from the moment arrivals begin.",
        table(["Field", "Value"], rows),
    ]
    return section("Dispatch storm", run, body, duration=False)


def reconnect_section(results, plots):
    run = results["runs"]["reconnect"]
    storm, flow, restart, node = run["storm"], run["flow"], run["restart"], run["node"]
    windows = flow["windows"]
    rows = [
        ["Sockets on worker A when it was stopped", run["sockets"]],
        [
            "Worker A: exit after SIGTERM, s (exit code) / ready again after, s",
            f"{fmt(restart['exit_seconds'])} ({restart['exit_code']}) / "
            f"{fmt(restart['ready_seconds'])}",
        ],
        [
            "Back after the signal: half / 90 % / 99 % / all, s",
            " / ".join(
                fmt(storm[k]) for k in ("half_back_seconds", "p90_back_seconds", "p99_back_seconds")
            )
            + f" / **{fmt(storm['all_back_seconds'])}**",
        ],
        ["Not back at the deadline", storm["not_back"]],
        [
            "Reconnect rate, sockets/s: mean over the storm / busiest second",
            f"{fmt(storm['reconnect_per_second'])} / {fmt(storm['peak_per_second'])}",
        ],
        ["Landed on worker A / B", " / ".join(fmt(n) for n in storm["landed"])],
        [
            "Reconnect attempts per socket, mean / max; failed attempts",
            f"{fmt(storm['attempts_mean'])} / {fmt(storm['attempts_max'])}; "
            f"{fmt(storm['failed_attempts'])}",
        ],
        [
            "Fresh connects at concurrency 100, sockets/s: Kefu onto worker A / Node reference",
            f"{fmt(run['initial']['connect_per_second'])} / {fmt(node['connect_per_second'])}",
        ],
        [
            f"Worker B at {fmt(flow['rate'])} msg/s, visitor→agent p50 / p99 ms: before",
            window_cells(windows["before"]),
        ],
        ["… during the storm", window_cells(windows["during"])],
        ["… after", window_cells(windows["after"])],
        ["Worker B's CPU during the storm, % of a core", run["b_cpu_percent_storm"]],
        ["Worker B's GC pauses over 20 ms during the storm", run["b_gc_pauses_over_20ms_storm"]],
        [
            "Handshakes dropped on a full listen queue during the storm (kernel, whole machine)",
            run.get("listen_overflows_storm"),
        ],
        [
            "Messages sent / acked / delivered / lost / delivered twice",
            " / ".join(fmt(flow[k]) for k in ("sent", "acked", "delivered", "lost", "duplicates")),
        ],
        [
            "RSS of A / B before → after, MB",
            f"{' / '.join(fmt(r) for r in run['rss_mb_before'])} → "
            f"{' / '.join(fmt(r) for r in run['rss_mb_after'])}",
        ],
        ["Load-generator CPU during the storm", client_cpu(storm["client_cpu_max"])],
        [
            "Machine load average (1 min), before the restart → all back",
            " → ".join(fmt(v) for v in run.get("load_average", [])) or "—",
        ],
    ]
    body = [
        "Two workers (PostgreSQL + Redis). Worker A holds N idle visitor sockets and is "
        "restarted (SIGTERM, then started again on its port); its sockets reconnect as the "
        "socket.io client does (1 s ± 50 %, doubling up to 5 s, each attempt on the next "
        "worker), while visitors on worker B send to agents on B at a steady rate. Times "
        "count from the signal.",
        table(["Measure", "Value"], rows),
        reconnect_summary(run),
    ]
    if storm["errors"]:
        body.append(
            "Failed attempts: " + ", ".join(f"{t} ×{n}" for t, n in storm["errors"].items())
        )
    return section("Reconnect storm", run, body)


def window_cells(window):
    return f"{fmt(window['p50'])} / {fmt(window['p99'])} ({fmt(window['n'])} messages)"


def reconnect_summary(run):
    """What the storm's figures mean, in a few lines."""
    storm, flow, restart = run["storm"], run["flow"], run["restart"]
    before, during = flow["windows"]["before"]["p99"], flow["windows"]["during"]["p99"]
    if storm["all_back_seconds"] is None:
        back = f"**{storm['not_back']:,} sockets were not back** at the deadline"
    else:
        back = f"every socket was connected again {fmt(storm['all_back_seconds'])} s after it"
    lost = (
        "no acknowledged message was lost or delivered twice"
        if flow["lost"] == 0 and flow["duplicates"] == 0
        else f"**{flow['lost']:,} acknowledged messages were lost, "
        f"{flow['duplicates']:,} delivered twice**"
    )
    return (
        f"- Worker A answered again {fmt(restart['back_up_seconds'])} s after the signal; "
        f"{back}, {fmt(storm['landed'][0])} on A and {fmt(storm['landed'][1])} on B.\n"
        f"- Worker B's p99 went from {fmt(before)} ms before the storm to {fmt(during)} ms "
        f"during it ({ratio(during, before)}); {lost}.\n"
        f"- The storm's reconnect rate ({fmt(storm['reconnect_per_second'])}/s over both "
        "workers) stands beside fresh connects onto one process: Kefu "
        f"{fmt(run['initial']['connect_per_second'])}/s, the Node reference "
        f"{fmt(run['node']['connect_per_second'])}/s."
    )


def compression_section(results, plots):
    run = results["runs"]["compression"]
    on, off = run["on"], run["off"]
    rows = [
        [f"{transport}: {text}", on[transport][key], off[transport][key]]
        for transport, key, text in (
            ("polling", "bytes_to_agent_per_message", "bytes to the agent per message"),
            ("polling", "bytes_to_visitor_per_message", "bytes to the visitor per message"),
            ("polling", "server_cpu_ms_per_message", "server CPU ms per message"),
            ("websocket", "bytes_per_message", "bytes per message (both ways)"),
            ("websocket", "server_cpu_ms_per_message", "server CPU ms per message"),
        )
    ]
    body = [
        "A 4 KB chat message visitor→agent, with KEFU_HTTP_COMPRESSION on and off.",
        table(["Measure", "Compression on", "Compression off"], rows),
        f"- Polling bytes saved: {percent(run['polling_bytes_saved'])}\n"
        f"- Polling CPU added: {percent(run['polling_cpu_added'])}\n"
        f"- Winner: **{fmt(run['winner'])}** (on wins when it saves ≥ 25 % of the bytes "
        "for ≤ 25 % more CPU)\n"
        f"- Websocket deflate: {fmt(run['websocket_deflate'])}",
    ]
    return section("Compression", run, body)


def last_half_slope(run, key):
    """The trend over the second half of the samples: growth that levels off (allocator
    arenas filling up) shows here as ~0, a leak does not."""
    samples = run["samples"]
    return slope(samples[len(samples) // 2 :], key)


def soak_section(results, plots):
    run = results["runs"]["soak"]
    latency = run["latency_ms"]
    rows = [
        ["Duration, s", run["soak_seconds"]],
        ["Idle visitors connected meanwhile", run["idle"]],
        [
            "Churn: sockets connected and closed",
            f"{run['churned']:,} ({run['churn_per_interval']:,} every {run['interval_seconds']} s)",
        ],
        ["Messages: offered rate, msg/s", run["rate"]],
        [
            "Messages sent / acked / delivered",
            f"{run['sent']:,} / {run['acked']:,} / {run['delivered']:,}",
        ],
        [
            "Visitor→agent p50 / p99 / max, ms",
            f"{fmt(latency.get('p50'))} / {fmt(latency.get('p99'))} / {fmt(latency.get('max'))}",
        ],
        ["RSS after warm-up → at the end, MB", f"{run['rss_mb_first']} → {run['rss_mb_last']}"],
        ["RSS trend, MB per hour", run["rss_mb_per_hour"]],
        ["RSS trend over the last half, MB per hour", last_half_slope(run, "rss_mb")],
        [
            "Frozen objects after warm-up → at the end",
            f"{run['frozen_first']:,} → {run['frozen_last']:,}",
        ],
        ["Frozen objects trend, per hour", run["frozen_per_hour"]],
        ["Frozen objects trend over the last half, per hour", last_half_slope(run, "frozen")],
        ["GC pauses over 20 ms", run["gc_pauses_over_20ms"]],
        ["Longest GC pause (whole run, connecting included), ms", run["gc_pause_max_ms"]],
    ]
    body = [
        "One Kefu worker (SQLite) with idle visitors connected, a steady message rate, and a "
        "batch of sockets connecting and disconnecting every interval; the worker's RSS and "
        "its frozen-object count (`GET /api/admin/runtime`) are sampled once per interval. "
        "Trends are least-squares slopes over the samples after the first fifth (warm-up).",
        table(["Measure", "Value"], rows),
        *images(plots, SOAK_PLOT),
    ]
    return section("Soak", run, body)


def reports_section(results, plots):
    run = results["runs"]["reports"]
    rows = [
        [
            f"{span} days",
            f"{row['conversations']:,}",
            fmt(row["summary_seconds"]),
            fmt(row["naive_scan_seconds"]),
        ]
        for span, row in run["summary"].items()
    ]
    exports = [
        [f"{span} days", f"{row['bytes']:,}", fmt(row["seconds"]), fmt(row["peak_python_mb"])]
        for span, row in run["export"].items()
    ]
    body = [
        f"{run['conversations']:,} conversations and {run['messages']:,} messages over a year "
        f"in PostgreSQL (loaded with COPY in {fmt(run['load_seconds'])} s). The summary is "
        "`GET /api/reports/summary`'s work (the facts query and the figures); the naive "
        "scan is one GROUP BY over every message of the period. Best of three each.",
        table(["Period", "Conversations", "Summary, s", "Naive scan, s"], rows),
        "The CSV export, streamed (Python's peak allocation while making it):",
        table(["Period", "Bytes", "Seconds", "Peak, MB"], exports),
    ]
    return section("Reports", run, body)


def webhooks_section(results, plots):
    run = results["runs"]["webhooks"]
    variants = [v for v in ("without", "recorded", "with") if v in run]
    titles = {"without": "No webhook", "recorded": "Recorded, not delivered", "with": "Delivered"}
    steps = {v: {s["rate"]: s for s in run[v]["steps"]} for v in variants}
    rates = [s["rate"] for s in run["without"]["steps"]]
    header = ["Offered msg/s"]
    for v in variants:
        header += [f"{titles[v]}: sustained/s", f"{titles[v]}: p99 ms"]
    rows = []
    for rate in rates:
        row = [rate]
        for v in variants:
            step = steps[v].get(rate)
            row += [step["sustained_per_second"], step["latency_ms"]["p99"]] if step else ["—", "—"]
        rows.append(row)
    best_rates = ", ".join(
        f"{titles[v].lower()} {best(run[v]['best_rate_p99_under_50ms'], ' msg/s')}"
        for v in variants
    )
    delivery = run["with"]["delivery"]
    lag = delivery["lag_ms"]
    body = [
        "Two workers (PostgreSQL, Redis), the messages scenario run once per column: without "
        "a webhook; with one subscribed to `message.created` whose receiver refuses "
        "connections (every message's event written to the outbox and relayed to the Redis "
        "Stream, deliveries waiting in backoff: the message path's own cost); and delivered, "
        "signed, to a Node receiver on loopback.",
        table(header, rows),
        f"Best rate with p99 ≤ {TARGET_MS} ms: {best_rates}. "
        f"Deliveries: {delivery['unique']:,} events for {delivery['messages_acked']:,} messages "
        f"({delivery['received']:,} requests); lag from commit to arrival p50 {fmt(lag['p50'])} "
        f"ms, p99 {fmt(lag['p99'])} ms, max {fmt(lag['max'])} ms; the backlog was gone "
        f"{fmt(delivery['drained_after_last_step_seconds'])} s after the last step.",
    ]
    return section("Webhooks", run, body)


def widget_section(results, plots):
    run = results["runs"]["widget"]
    ready = run["launcher_ready_ms"]
    rows = [
        [
            "Loader script (`/widget.js`)",
            f"{run['loader_gzip_bytes']:,}",
            f"{run['loader_budget_bytes']:,}",
        ],
        [
            f"Chat frame ({run['frame_files']} files: page, scripts, styles, socket.io client)",
            f"{run['frame_gzip_bytes']:,}",
            f"{run['frame_budget_bytes']:,}",
        ],
    ]
    largest = ", ".join(f"`{name}` {size:,}" for name, size in run["largest_frame_files"])
    body = [
        "Bytes gzipped at level 6, as a proxy sends them; the launcher's readiness is the "
        "moment its button exists in the host page, from the page's start, in Chromium on "
        f"the demo page (median of {ready['loads']} loads).",
        table(["What", "Bytes gzipped", "Budget"], rows),
        f"Largest frame files: {largest}. Launcher ready after {fmt(ready['median'])} ms "
        f"(slowest load {fmt(ready['max'])} ms).",
    ]
    return section("Widget size and start", run, body, duration=False)
