"""Several runs of the messages scenario side by side: `python -m bench.compare A B C`
(results directories or results.json files) prints a markdown table per target with each
run's best step and the spread, and what each run ran on.

The messages figures move between runs of the same code on the same machine; a claim
about a change (or about a machine) rests on the spread of several runs, not on one."""

import json
import sys
from pathlib import Path

TARGET_P99_MS = 50
GC_PAUSE_MS = 20


def load(path):
    path = Path(path)
    return json.loads((path / "results.json" if path.is_dir() else path).read_text())


def label(run):
    if run["server"] == "node":
        return "Node reference"
    return f"Kefu, {run['workers']} worker{'s' if run['workers'] > 1 else ''}"


def under_target(run):
    """The best step with p99 ≤ 50 ms (every message delivered): (rate, p99) or None."""
    good = [
        step
        for step in run["steps"]
        if step["latency_ms"]["p99"] is not None
        and step["latency_ms"]["p99"] <= TARGET_P99_MS
        and step["delivered"] == step["sent"]
    ]
    if not good:
        return None
    best = max(good, key=lambda step: step["sustained_per_second"])
    return best["sustained_per_second"], best["latency_ms"]["p99"]


def pauses_up_to(run, rate):
    """GC pauses over 20 ms in the steps up to `rate` (offered)."""
    steps = [step for step in run["steps"] if step["rate"] <= rate]
    return sum(step.get("gc_pauses_over_20ms") or 0 for step in steps)


def rows(results):
    """{target label: [(run name, run)]} over every results given."""
    table = {}
    for name, result in results:
        for run in result["runs"]["messages"]["runs"]:
            table.setdefault(label(run), []).append((name, run))
    return table


def spread(values):
    values = [v for v in values if v is not None]
    return f"{min(values):,}–{max(values):,}" if values else "—"


def report(results):
    lines = []
    for target, runs in rows(results).items():
        rates = sorted({step["rate"] for _, run in runs for step in run["steps"]})
        lines += [f"### {target}", ""]
        header = ["run", *[f"p99 @ {rate:,}" for rate in rates], "best ≤ 50 ms (p99)"]
        if target != "Node reference":
            header += ["GC > 20 ms up to 1,000", "longest GC"]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        bests = []
        for name, run in runs:
            by_rate = {step["rate"]: step["latency_ms"]["p99"] for step in run["steps"]}
            best = under_target(run)
            bests.append(best)
            cells = [name, *[f"{by_rate[r]:,} ms" if r in by_rate else "—" for r in rates]]
            cells.append("none" if best is None else f"{best[0]:,}/s ({best[1]} ms)")
            if target != "Node reference":
                cells += [str(pauses_up_to(run, 1000)), f"{run.get('gc_pause_max_ms')} ms"]
            lines.append("| " + " | ".join(cells) + " |")
        lines += [
            "",
            f"Spread of the best step: {spread([b and b[0] for b in bests])} msg/s, "
            f"its p99 {spread([b and b[1] for b in bests])} ms.",
            "",
        ]
    return "\n".join(lines)


def main(argv=None):
    paths = (argv or sys.argv[1:]) or []
    if not paths:
        print(__doc__)
        return 2
    results = [(Path(p).name, load(p)) for p in paths]
    print(report(results))
    from .environment import summary_lines

    for name, result in results:
        print(f"{name}:")
        print("\n".join(summary_lines(result.get("environment"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
