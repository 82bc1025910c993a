"""Markdown report and plots of a results.json.

`write` puts report.md and the PNG plots in the results directory; `publish` copies them
into docs/performance.md (between its markers) and docs/performance/."""

import shutil
from pathlib import Path

from . import environment
from .messages import saturated
from .report_format import (
    TARGET_MS,
    best,
    client_cpu,
    fmt,
    idle_rows,
    images,
    label,
    measured,
    message_runs,
    ratio,
    section,
    table,
)
from .report_plots import CPU_PLOT, LATENCY_PLOT, RSS_PLOT, draw, wanted
from .report_sections import (
    compression_section,
    dispatch_section,
    reconnect_section,
    reports_section,
    soak_section,
    webhooks_section,
    widget_section,
)

DOCS = Path(__file__).resolve().parent.parent / "docs"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

# --- formatting -------------------------------------------------------------------------------


# --- picking rows -----------------------------------------------------------------------------


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
        f"{patches_sentence(run.get('patches'))}"
    )


def patches_sentence(statuses):
    """' Library patches: …' for a Kefu run (empty for the Node reference)."""
    if not statuses:
        return ""
    left_out = {lib: status for lib, status in statuses.items() if status != "patched"}
    if not left_out:
        return f" Library patches: all {len(statuses)} in use."
    listed = "; ".join(f"{lib} {status}" for lib, status in sorted(left_out.items()))
    return f" Library patches not in use: {listed}."


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
        gc_cell(step),
    ]


def gc_cell(step):
    """'2 (0 on the CPU)': pauses over 20 ms by the clock, and how many of them the
    collector itself took that long (older results have no CPU figure)."""
    wall, cpu = step["gc_pauses_over_20ms"], step.get("gc_pauses_over_20ms_cpu")
    if wall is None or cpu is None:
        return wall
    return f"{wall} ({cpu} on the CPU)"


SECTIONS = {
    "idle": idle_section,
    "messages": messages_section,
    "dispatch": dispatch_section,
    "reconnect": reconnect_section,
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
