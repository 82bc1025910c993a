"""psycopg waiting on gevent's loop (kefu/patches/psycopg.py), against a real PostgreSQL.

Each case runs in a monkey-patched process of its own (tests/unit/patch_psycopg_cases.py), as in
a `kefu serve` worker."""

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import waiting

from kefu.patches import psycopg as pgwait

from ..services import PG_ADMIN_URL, unavailable

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run_case():
    try:
        psycopg.connect(PG_ADMIN_URL, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        unavailable(f"postgresql unreachable: {exc}")

    def run(case):
        done = subprocess.run(
            [sys.executable, "-m", "tests.unit.patch_psycopg_cases", case, PG_ADMIN_URL],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        seen = json.loads(done.stdout)
        assert seen.pop("installed") and seen.pop("ours")  # the wait under test is ours
        return seen

    return run


def test_statements_answer_as_with_psycopgs_own_wait(run_case):
    assert run_case("statements") == {"rows": 2000, "last_ok": True, "length": 300_000}


def test_a_failing_statement_raises_and_the_connection_goes_on(run_case):
    assert run_case("failing") == {"raised": "DivisionByZero", "after": 42}


def test_a_waiting_statement_lets_other_greenlets_run(run_case):
    # A wait that blocked the process would finish the statement before the other greenlet.
    assert run_case("cooperation") == {"order": ["other greenlet", "statement"]}


def test_a_wait_with_a_timeout_ends_when_it_runs_out(run_case):
    assert run_case("timeout") == {"nothing": [], "received": ["kefu_pgwait", "hello"]}


def test_not_installed_where_gevent_has_not_patched_select():
    assert pgwait.install() is False  # this process is not monkey-patched
    assert waiting.wait is not pgwait.wait
