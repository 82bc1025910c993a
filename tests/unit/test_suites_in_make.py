"""`make test` names its suites one by one (the in-process ones run on both cores, the rest
one at a time): a new test directory must be named there too, or it would never run."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_python_test_directory_runs_in_make_test():
    recipe = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"\btests/(\w+)", recipe))
    with_tests = {p.parent.name for p in (ROOT / "tests").glob("*/test_*.py")}
    assert with_tests - named == set()
