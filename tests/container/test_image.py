"""The image built from the Dockerfile as it is, run with its own CMD in production mode:
healthy and ready, a chat through its port, the CLI inside it, non-root, nothing left of
the build, the locked versions, and a clean SIGTERM. (The bases are local: see podman.py.)"""

import json
import re
import secrets
import time
from pathlib import Path

import pytest
import requests

from bench.harness import free_port

from ..integration.clients import wait_until
from .chat import agent_peer, create_agent, exchange, visitor_peer, visitor_token
from .podman import ROOT

# Cold, the first test also waits for the bases (debootstrap, four images) and the build.
pytestmark = [pytest.mark.container, pytest.mark.timeout(600)]

NAME = "kefu-check-image"
SHUTDOWN_SECONDS = 5
READY_SECONDS = 60
# redis requires async-timeout below Python 3.11.3 only: Debian's 3.11.2 in the stand-in base
# installs it, python:3.11-slim (and the 3.11.7 that made constraints.txt) does not.
STAND_IN_ONLY = {"async-timeout"}


def answers(url, path):
    try:
        return requests.get(url + path, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture(scope="module")
def container(podman, kefu_image, figures):
    """The image with its own CMD: migrations on SQLite in its volume, then `kefu serve`."""
    podman.remove(NAME)  # left behind by a run that died
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    podman.run(
        "run", "--detach", "--name", NAME, "--publish", f"127.0.0.1:{port}:5000",
        "--env", f"KEFU_SECRET_KEY={secrets.token_hex(32)}",
        "--env", "KEFU_CORS_ORIGINS=https://shop.example.com",
        "--env", f"KEFU_SHUTDOWN_SECONDS={SHUTDOWN_SECONDS}",
        kefu_image,
    )  # fmt: skip
    try:
        wait_until(lambda: answers(url, "/readyz"), READY_SECONDS, lambda: podman.logs(NAME))
        figures["image: start to /readyz 200 (s)"] = round(time.monotonic() - started, 1)
        yield url
    finally:
        podman.remove(NAME)


def test_image_declares_a_numeric_user_a_healthcheck_and_a_volume(podman, kefu_image):
    (image,) = json.loads(podman.out("image", "inspect", kefu_image))
    assert image["Config"]["User"] == "10001"
    assert "/app/instance" in image["Config"]["Volumes"]
    assert "/healthz" in " ".join(image["Healthcheck"]["Test"])  # kept by --format=docker


def test_container_is_healthy_and_ready_in_production(podman, container):
    assert requests.get(container + "/healthz", timeout=5).status_code == 200
    ready = requests.get(container + "/readyz", timeout=5)
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    assert podman.healthy(NAME), podman.logs(NAME)
    assert "production" in podman.out("exec", NAME, "printenv", "KEFU_ENV")


def test_server_process_runs_as_uid_10001(podman, container):
    pid = podman.inspect(NAME, "{{.State.Pid}}")
    status = Path(f"/proc/{pid}/status").read_text()
    uids = re.search(r"^Uid:\s+(.*)$", status, re.M).group(1).split()
    assert set(uids) == {"10001"}, status
    assert "kefu" in Path(f"/proc/{pid}/cmdline").read_text()


def test_agent_made_inside_the_container_chats_with_a_visitor(podman, container, figures):
    email, password = create_agent(podman, NAME, "check-desk")
    agent = agent_peer(container, email, password)
    visitor = visitor_peer(container, visitor_token(container, "check-desk"))
    try:
        started = time.monotonic()
        exchange(visitor, agent, "hello through the container's port")
        figures["image: visitor -> agent -> visitor round trip (ms)"] = round(
            (time.monotonic() - started) * 1000
        )
    finally:
        visitor.disconnect()
        agent.disconnect()


def test_image_holds_kefu_once_with_the_locked_versions(podman, kefu_image):
    """No build/ or *.egg-info left, no second copy of the source, every installed version
    the one constraints.txt pins."""
    script = (
        "packages=$(python -c \"import sysconfig; print(sysconfig.get_paths()['purelib'])\"); "
        'find /app /tmp "$packages" -maxdepth 2 \\( -name "*.egg-info" -o -name build '
        "-o -name kefu-src -o -name context -o -name pyproject.toml \\) -print; "
        'find / -xdev -path "*/kefu/cli.py" -print'
    )
    found = podman.out("run", "--rm", "--user=0", "--entrypoint=sh", kefu_image, "-c", script)
    assert len(found.splitlines()) == 1 and found.endswith("site-packages/kefu/cli.py"), found
    pins = {
        line.split("==")[0].lower().replace("_", "-"): line.strip()
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line
    }
    frozen = podman.out("run", "--rm", "--entrypoint", "pip", kefu_image, "freeze")
    for line in frozen.splitlines():
        name = line.split("==")[0].lower().replace("_", "-")
        if not name.startswith("kefu") and name not in STAND_IN_ONLY:  # "kefu @ file:///…"
            assert pins.get(name, "").lower() == line.lower(), f"{line} is not pinned as such"


def test_sigterm_stops_the_server_with_exit_0_in_time(podman, container, figures):
    podman.run("kill", "--signal", "TERM", NAME)
    started = time.monotonic()
    code = podman.out("wait", NAME, timeout=SHUTDOWN_SECONDS + 30)
    elapsed = time.monotonic() - started
    figures["image: SIGTERM to exit (s)"] = round(elapsed, 2)
    assert code == "0", podman.logs(NAME)
    assert elapsed < SHUTDOWN_SECONDS, f"took {elapsed:.1f}s"
