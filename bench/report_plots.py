"""The report's plots (matplotlib, drawn to PNG files beside report.md)."""

import matplotlib

from .report_format import TARGET_MS, idle_rows, label, message_runs
from .report_sections import SOAK_PLOT

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

RSS_PLOT, LATENCY_PLOT, CPU_PLOT = "rss_per_connection.png", "latency_vs_rate.png", "idle_cpu.png"
COLOURS = {("kefu", 1): "tab:blue", ("kefu", 2): "tab:orange", ("node", 1): "tab:green"}


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
