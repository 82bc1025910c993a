"""Kefu's benchmark: `python -m bench` (full run, ~65 min) or `python -m bench --smoke`.

Every scenario runs against Kefu and, side by side in the same run, against the bare Node
socket.io reference. Results go to bench/results/<time>/results.json with a markdown
report and plots; `--publish` also copies them to docs/performance.md.
"""

import argparse
import functools
import json
import sys
import time
from pathlib import Path

from . import environment, plan, report

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="small N, a few seconds a step")
    parser.add_argument(
        "--only", default="", help="comma-separated scenarios: " + ",".join(plan.SCENARIOS)
    )
    parser.add_argument(
        "--targets",
        default="",
        help="comma-separated servers for idle and messages rows, e.g. kefu1,kefu2,node",
    )
    parser.add_argument("--publish", action="store_true", help="write docs/performance.md")
    parser.add_argument("--out", type=Path, default=None, help="results directory")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the other scenarios of --out's results.json (re-run only --only's)",
    )
    args = parser.parse_args(argv)

    chosen = [s for s in args.only.split(",") if s] or list(plan.SCENARIOS)
    unknown = set(chosen) - set(plan.SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    out = args.out or RESULTS / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    settings = plan.SMOKE if args.smoke else plan.FULL
    if args.targets:
        settings = plan.only_targets(settings, args.targets.split(","))
    mode = "smoke" if args.smoke else "full"
    results = {"mode": mode, "environment": environment.describe(), "runs": {}}
    if args.reuse and (out / "results.json").exists():
        results["runs"] = json.loads((out / "results.json").read_text())["runs"]
    for name in chosen:
        print(f"== {name}", flush=True)
        started = time.monotonic()
        results["runs"][name] = plan.SCENARIOS[name](
            settings, log=functools.partial(print, flush=True)
        )
        results["runs"][name]["seconds"] = round(time.monotonic() - started, 1)
        (out / "results.json").write_text(json.dumps(results, indent=2))
    report.write(results, out)
    if args.publish:
        report.publish(results, out)
    print(f"results: {out / 'results.json'}\nreport:  {out / 'report.md'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
