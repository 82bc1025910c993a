"""Markdown report and plots of a results.json.

`write` puts report.md and the PNG plots in the results directory; `publish` copies them
into docs/performance.md (between its markers) and docs/performance/."""

import shutil
from pathlib import Path

import matplotlib

from . import environment
from .messages import saturated
from .soak import slope

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

DOCS = Path(__file__).resolve().parent.parent / "docs"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
TARGET_MS = 50
SATURATED_CLIENT_CPU = 0.9
RSS_PLOT, LATENCY_PLOT, CPU_PLOT = "rss_per_connection.png", "latency_vs_rate.png", "idle_cpu.png"
SOAK_PLOT = "soak_memory.png"
COLOURS = {("kefu", 1): "tab:blue", ("kefu", 2): "tab:orange", ("node", 1): "tab:green"}

# --- formatting -------------------------------------------------------------------------------


def fmt(value):
    """A table cell: "—" for None, yes/no for booleans, thousands separators for numbers."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:,}"
    return str(value)


def ratio(kefu, node):
    """Kefu / Node as "1.50×" ("—" when either is missing or Node's is zero)."""
    if kefu is None or node is None or node == 0:
        return "—"
    return f"{kefu / node:.2f}×"


def best(rate, unit=""):
    """A best sustained rate, or "none" when no step met the target."""
    return "none" if rate is None else fmt(rate) + unit


def measured(value, unit):
    """A value with its unit, or "—" alone when it was not measured."""
    return "—" if value is None else fmt(value) + unit


def percent(fraction):
    """0.66 → "66.0 %" (None → "—")."""
    return "—" if fraction is None else f"{100 * fraction:.1f} %"


def table(header, rows):
    """A markdown table; cells are formatted with `fmt` unless already strings."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(c if isinstance(c, str) else fmt(c) for c in row) + " |")
    return "\n".join(lines)


def label(server, workers):
    """The name a target goes by in tables and plot legends."""
    if server == "node":
        return "Node socket.io reference"
    if workers == 1:
        return "Kefu, 1 worker (SQLite)"
    return f"Kefu, {workers} workers (PostgreSQL + Redis)"


def client_cpu(*values):
    """Load-generator CPU (fraction of a core) as "%" values, flagged when saturated."""
    text = " / ".join("—" if v is None else f"{100 * v:.1f}" for v in values)
    if any(v is not None and v >= SATURATED_CLIENT_CPU for v in values):
        text += " ⚠ load generator saturated"
    return text


# --- picking rows -----------------------------------------------------------------------------


def idle_rows(results):
    return results["runs"].get("idle", {}).get("rows", [])


def message_runs(results):
    return results["runs"].get("messages", {}).get("runs", [])


def single_process_pair(results):
    """(N, kefu row, node row) at the largest N both servers ran on one process, or None."""
    rows = {(r["server"], r["connections"]): r for r in idle_rows(results) if r["workers"] == 1}
    common = {n for s, n in rows if s == "kefu"} & {n for s, n in rows if s == "node"}
    if not common:
        return None
    n = max(common)
    return n, rows["kefu", n], rows["node", n]


def step_at(run, rate):
    return next((s for s in run["steps"] if s["rate"] == rate), None)


# --- markdown ---------------------------------------------------------------------------------


def headline(results):
    """Kefu against Node, with Kefu/Node ratios, for the numbers that matter most."""
    rows = []
    pair = single_process_pair(results)
    if pair:
        n, kefu, node = pair
        for name, key in (
            (f"RSS per idle connection at {n:,}, KB", "rss_per_connection_kb"),
            (f"Idle CPU at {n:,} connections, % of a core", "idle_cpu_percent"),
            (f"Connect rate at {n:,}, connections/s", "connect_per_second"),
        ):
            rows.append([name, kefu[key], node[key], ratio(kefu[key], node[key])])
    runs = message_runs(results)
    node = next((r for r in runs if r["server"] == "node"), None)
    for run in (r for r in runs if r["server"] == "kefu"):
        rows += message_headline(run, node)
    if not rows:
        return "No scenario ran that compares Kefu with Node."
    return table(["Measure", "Kefu", "Node", "Kefu / Node"], rows)


def message_headline(run, node):
    """Headline rows of one Kefu messages run against the Node run (which may be None)."""
    name = label(run["server"], run["workers"])
    mine = run["best_rate_p99_under_50ms"]
    theirs = node["best_rate_p99_under_50ms"] if node else None
    rows = [
        [
            f"Best msg/s with p99 ≤ {TARGET_MS} ms — {name}",
            best(mine),
            best(theirs) if node else "—",
            ratio(mine, theirs),
        ]
    ]
    # Compared at the highest rate Kefu kept up with (a saturated step only measures a backlog).
    kept_up = {s["rate"] for s in run["steps"] if not saturated(s)}
    common = kept_up & {s["rate"] for s in (node or {}).get("steps", [])}
    if common:
        rate = max(common)
        mine, theirs = step_at(run, rate)["latency_ms"], step_at(node, rate)["latency_ms"]
        for key in ("p50", "p99"):
            rows.append(
                [
                    f"Visitor→agent {key} at {rate:,} msg/s, ms — {name}",
                    mine[key],
                    theirs[key],
                    ratio(mine[key], theirs[key]),
                ]
            )
    return rows


def idle_section(results, plots):
    rows = idle_rows(results)
    body = [
        table(
            [
                "Server",
                "Workers",
                "Connections",
                "Connected",
                "Failed",
                "Dropped",
                "RSS MB",
                "RSS/conn KB",
                "Connect/s",
                "Idle CPU %",
                "fd limit hit",
                "Client CPU % connect / idle (max)",
            ],
            [idle_cells(r) for r in rows],
        )
    ]
    errors = [(r, r["errors"]) for r in rows if r.get("errors")]
    for row, found in errors:
        where = f"{label(row['server'], row['workers'])} at {row['connections']:,}"
        body.append(f"Errors, {where}: " + ", ".join(f"{t} ×{n}" for t, n in found.items()))
    seconds = rows[0]["idle_seconds"] if rows else None
    body.append(
        f"Idle CPU is measured over {fmt(seconds)} s at the default ping interval, in % of one "
        "core (summed over workers, per worker in brackets); RSS per connection is the growth "
        "of the servers' RSS divided by the connected sockets."
    )
    body += images(plots, RSS_PLOT, CPU_PLOT)
    return section("Idle connections", results["runs"]["idle"], body)


def idle_cells(row):
    cpu = fmt(row["idle_cpu_percent"])
    if row["workers"] > 1:
        cpu += " (" + " + ".join(fmt(c) for c in row["idle_cpu_percent_per_worker"]) + ")"
    return [
        label(row["server"], row["workers"]),
        row["workers"],
        row["connections"],
        row["connected"],
        row["failed"],
        row["dropped"],
        row["rss_mb"],
        row["rss_per_connection_kb"],
        row["connect_per_second"],
        cpu,
        row["fd_limit_hit"],
        client_cpu(row["client_cpu_connect_max"], row["client_cpu_idle_max"]),
    ]


def messages_section(results, plots):
    body = []
    for run in message_runs(results):
        body.append(f"### {label(run['server'], run['workers'])}")
        body.append(run_summary(run))
        body.append(
            table(
                [
                    "Offered msg/s",
                    "Sent",
                    "Acked",
                    "Delivered",
                    "Sustained/s",
                    "p50 ms",
                    "p90 ms",
                    "p99 ms",
                    "Max ms",
                    "Ack p99 ms",
                    "Server CPU % per worker",
                    "Client CPU % max",
                    "Late sends",
                    "GC pauses > 20 ms",
                ],
                [step_cells(s) for s in run["steps"]],
            )
        )
    body.append(
        "Latency is visitor→agent through the full path (the send time travels in the "
        "message); the steps stop early once one is saturated."
    )
    body += images(plots, LATENCY_PLOT)
    return section("Messages", results["runs"]["messages"], body)


def run_summary(run):
    """One sentence on a messages run's setup and its overall results."""
    rate = best(run["best_rate_p99_under_50ms"], " msg/s")
    return (
        f"{run['senders']:,} senders, {run['agents']:,} agents, "
        f"{fmt(run['idle_connected'])} of {fmt(run['idle'])} idle sockets connected, "
        f"{run['content_bytes']:,}-byte messages; conversations opened "
        f"{fmt(run['opened'])}, left unassigned {fmt(run['unassigned'])}. "
        f"Best rate with p99 ≤ {TARGET_MS} ms: {rate}; "
        f"longest GC pause: {measured(run['gc_pause_max_ms'], ' ms')}."
    )


def step_cells(step):
    lat = step["latency_ms"]
    return [
        step["rate"],
        step["sent"],
        step["acked"],
        step["delivered"],
        step["sustained_per_second"],
        lat["p50"],
        lat["p90"],
        lat["p99"],
        lat["max"],
        step["ack_ms_p99"],
        " / ".join(fmt(c) for c in step["server_cpu_percent"]),
        client_cpu(step["client_cpu_max"]),
        step["late_sends"],
        step["gc_pauses_over_20ms"],
    ]


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


def section(title, run, body, duration=True):
    parts = [f"## {title}"]
    if duration and run.get("seconds") is not None:
        parts.append(f"Scenario took {fmt(run['seconds'])} s.")
    return "\n\n".join(parts + body)


def images(plots, *names):
    return [f"![{name[:-4].replace('_', ' ')}]({plots[name]})" for name in names if name in plots]


SECTIONS = {
    "idle": idle_section,
    "messages": messages_section,
    "dispatch": dispatch_section,
    "compression": compression_section,
    "soak": soak_section,
    "reports": reports_section,
    "webhooks": webhooks_section,
    "widget": widget_section,
}


def render(results, plots):
    """The whole report; `plots` maps each PNG drawn to the link to use for it."""
    parts = [
        f"# Kefu benchmark — {results['mode']} run",
        "Ran on:\n\n" + "\n".join(environment.summary_lines(results.get("environment"))),
        "## Headline: Kefu against the Node socket.io reference",
        headline(results),
    ]
    parts += [make(results, plots) for name, make in SECTIONS.items() if name in results["runs"]]
    return "\n\n".join(parts) + "\n"


# --- plots ------------------------------------------------------------------------------------


def plot_idle(results, out, key, ylabel, title, name):
    """One idle measure vs connections: Kefu ×1 and Node as lines, multi-worker Kefu as markers."""
    rows = idle_rows(results)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for server, marker in (("kefu", "o"), ("node", "s")):
        mine = sorted(
            (r for r in rows if r["server"] == server and r["workers"] == 1),
            key=lambda r: r["connections"],
        )
        if mine:
            ax.plot(
                [r["connections"] for r in mine],
                [r[key] for r in mine],
                marker=marker,
                color=COLOURS[server, 1],
                label=label(server, 1),
            )
    multi = [r for r in rows if r["server"] == "kefu" and r["workers"] > 1]
    for workers in sorted({r["workers"] for r in multi}):
        group = [r for r in multi if r["workers"] == workers]
        ax.scatter(
            [r["connections"] for r in group],
            [r[key] for r in group],
            marker="D",
            s=50,
            color=COLOURS.get(("kefu", workers)),
            label=label("kefu", workers),
            zorder=3,
        )
    ax.set(xlabel="Connections", ylabel=ylabel, title=title)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_ylim(bottom=0)
    save(fig, ax, out / name)


def plot_latency(results, out):
    """Visitor→agent p50 (dashed) and p99 (solid) vs offered rate, one colour per target."""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for index, run in enumerate(message_runs(results)):
        colour = COLOURS.get((run["server"], run["workers"]), f"C{index + 3}")
        for key, style in (("p50", "--"), ("p99", "-")):
            points = [
                (s["rate"], s["latency_ms"][key])
                for s in run["steps"]
                if s["latency_ms"][key] is not None and s["latency_ms"][key] > 0
            ]
            if points:
                ax.plot(
                    *zip(*points, strict=True),
                    style,
                    marker="o",
                    color=colour,
                    label=f"{label(run['server'], run['workers'])} {key}",
                )
    ax.axhline(
        TARGET_MS, color="tab:red", linewidth=1, linestyle=":", label=f"{TARGET_MS} ms target"
    )
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set(
        xlabel="Offered rate, msg/s",
        ylabel="Visitor→agent latency, ms",
        title="Message latency vs rate",
    )
    save(fig, ax, out / LATENCY_PLOT)


def plot_soak(results, out):
    """RSS and the frozen-object count over the soak, on two axes."""
    samples = results["runs"]["soak"]["samples"]
    minutes = [s["seconds"] / 60 for s in samples]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(minutes, [s["rss_mb"] for s in samples], color="tab:blue", label="RSS, MB")
    ax.set(xlabel="Minutes", ylabel="RSS, MB", title="Soak: memory under churn and messages")
    ax.set_ylim(bottom=0)
    frozen = ax.twinx()
    frozen.plot(
        minutes, [s["frozen"] / 1000 for s in samples], color="tab:orange", label="frozen objects"
    )
    frozen.set_ylabel("Frozen objects, thousands")
    frozen.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()
    more = frozen.get_legend_handles_labels()
    ax.legend(handles[0] + more[0], handles[1] + more[1], fontsize="small", loc="lower right")
    ax.grid(True, alpha=0.3)
    fig.savefig(out / SOAK_PLOT, dpi=110, bbox_inches="tight")
    plt.close(fig)


def save(fig, ax, path):
    """Grid, the legend below the axes (never over the data), write the PNG."""
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)


def wanted(results):
    """The plots these results have data for (any scenario may be missing)."""
    names = []
    if idle_rows(results):
        names += [RSS_PLOT, CPU_PLOT]
    if message_runs(results):
        names.append(LATENCY_PLOT)
    if results["runs"].get("soak", {}).get("samples"):
        names.append(SOAK_PLOT)
    return names


def draw(results, out):
    """Draw the plots `wanted` names into `out`."""
    if idle_rows(results):
        plot_idle(
            results,
            out,
            "rss_per_connection_kb",
            "RSS per connection, KB",
            "Server memory per idle connection",
            RSS_PLOT,
        )
        plot_idle(
            results,
            out,
            "idle_cpu_percent",
            "Idle CPU, % of one core",
            "Server CPU with idle connections",
            CPU_PLOT,
        )
    if message_runs(results):
        plot_latency(results, out)
    if SOAK_PLOT in wanted(results):
        plot_soak(results, out)


# --- entry points -----------------------------------------------------------------------------


def write(results, out):
    """out/report.md and the PNG plots next to it."""
    out = Path(out)
    draw(results, out)
    (out / "report.md").write_text(render(results, {name: name for name in wanted(results)}))


def publish(results, out):
    """Copy the plots to docs/performance/ and the report between docs/performance.md's markers."""
    out = Path(out)
    images_dir = DOCS / "performance"
    images_dir.mkdir(parents=True, exist_ok=True)
    plots = {}
    for name in wanted(results):
        shutil.copyfile(out / name, images_dir / name)
        plots[name] = f"performance/{name}"
    generated = demote(render(results, plots))
    page = DOCS / "performance.md"
    text = page.read_text() if page.exists() else INTRO
    page.write_text(between_markers(text, generated))


INTRO = f"""# Performance

This page is generated: `make bench` (or `python -m bench --publish`) runs the benchmark, \
Kefu and the bare Node socket.io reference side by side on the same machine, and rewrites \
the part between the markers below. Text outside the markers is kept.

{BEGIN}
{END}
"""


def demote(markdown):
    """Push every heading one level down, so the page keeps a single top-level title."""
    return "\n".join("#" + line if line.startswith("#") else line for line in markdown.split("\n"))


def between_markers(text, generated):
    """`text` with what lies between the markers replaced (markers appended when missing)."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return text.rstrip("\n") + f"\n\n{BEGIN}\n{generated}{END}\n"
    return text[: start + len(BEGIN)] + "\n" + generated + text[end:]
