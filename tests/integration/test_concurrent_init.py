"""`kefu init-db` run by several processes at once (workers or pods starting together)."""

import subprocess

import pytest

from bench.harness import KEFU

from .server import kefu_env

pytestmark = pytest.mark.integration


def test_concurrent_init_db(fresh_database, tmp_path):
    """Three migrations at once: all succeed and the schema is built exactly once."""
    runs = [
        subprocess.Popen(
            [KEFU, "init-db"],
            env=kefu_env(fresh_database.url),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    again = subprocess.run(
        [KEFU, "create-agent", "--email", "a@x.io", "--password", "p", "--name", "A"],
        env=kefu_env(fresh_database.url),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0 and again.stdout.strip().isdigit(), again.stderr
