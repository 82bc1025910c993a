"""deploy/docker-compose.yml run for real with podman-compose: one migration, three workers
on one image, nginx in front, Redis behind a password, a chat across workers that goes on
when the visitor's worker is killed.

The official nginx/PostgreSQL/Redis images cannot be pulled here: deploy/docker-compose.local.yml
swaps in ones built from Debian packages. podman 4.3 has no `wait --condition=healthy`, so
podman-compose ignores `service_healthy`: the check brings the services up in the compose
file's own order, waiting on each HEALTHCHECK with a deadline."""

import re
import secrets
import sys
import time
from pathlib import Path

import pytest
import requests

from bench.harness import free_port

from ..integration.clients import wait_until
from .chat import agent_peer, create_agent, exchange, visitor_peer, visitor_token
from .podman import KEFU_IMAGE, ROOT

# Cold, the first test also waits for the bases (debootstrap, four images) and the build.
pytestmark = [pytest.mark.container, pytest.mark.timeout(600)]

PROJECT = "kefucheck"
FILES = ("deploy/docker-compose.yml", "deploy/docker-compose.local.yml")
WORKERS = ("kefu-1", "kefu-2", "kefu-3")
UP_SECONDS = 60
PODMAN_COMPOSE = Path(sys.executable).with_name("podman-compose")  # pinned in constraints.txt
SOCKET = re.compile(r'^kefu_sockets_connected\{namespace="/visitor"\} (\S+)$', re.M)


class Stack:
    def __init__(self, podman, image):
        self.podman = podman
        self.metrics_token = secrets.token_hex(8)
        self.redis_password = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{free_port()}"
        self.env = {
            "KEFU_IMAGE": image,
            "KEFU_SECRET_KEY": secrets.token_hex(32),
            "KEFU_CORS_ORIGINS": "https://shop.example.com",
            "POSTGRES_PASSWORD": secrets.token_hex(16),
            "REDIS_PASSWORD": self.redis_password,
            "KEFU_HTTP_PORT": self.url.rsplit(":", 1)[1],
            "KEFU_METRICS_TOKEN": self.metrics_token,
        }

    def compose(self, *args):
        files = [arg for name in FILES for arg in ("-f", str(ROOT / name))]
        command = [str(PODMAN_COMPOSE), "-p", PROJECT, *files, *args]
        # podman-compose runs podman; the Podman helper gives it the same environment.
        return self.podman.run_command(command, env=self.env)

    def container(self, service):
        return f"{PROJECT}_{service}_1"

    def address(self, service):
        """A worker's own URL on the compose network (root podman routes to it from here)."""
        template = "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"
        return f"http://{self.podman.inspect(self.container(service), template)}:5000"

    def remove(self):
        """Everything of the project, its anonymous volumes too; then its network and volume."""
        ids = self.podman.out(
            "ps", "--all", "--quiet", "--filter", f"label=io.podman.compose.project={PROJECT}"
        ).split()
        self.podman.remove(*ids)
        self.compose("down", "--volumes")

    def up(self, *services):
        self.compose("up", "--detach", "--no-deps", *services)

    def wait_healthy(self, *services):
        for service in services:
            name = self.container(service)
            wait_until(
                lambda n=name: self.podman.healthy(n),
                UP_SECONDS,
                lambda n=name: self.podman.logs(n),
            )

    def visitors_on(self, service):
        text = requests.get(
            self.address(service) + "/metrics",
            headers={"Authorization": f"Bearer {self.metrics_token}"},
            timeout=5,
        ).text
        match = SOCKET.search(text)
        return float(match.group(1)) if match else 0.0


@pytest.fixture(scope="module")
def stack(podman, kefu_image, figures):
    stack = Stack(podman, kefu_image)
    stack.remove()  # left behind by a run that died
    try:
        started = time.monotonic()
        stack.up("postgres", "redis")
        stack.wait_healthy("postgres", "redis")
        stack.up("migrate")
        code = podman.out("wait", stack.container("migrate"), timeout=UP_SECONDS)
        assert code == "0", podman.logs(stack.container("migrate"))
        stack.up(*WORKERS)
        stack.wait_healthy(*WORKERS)
        stack.up("nginx")
        wait_until(
            lambda: ready(stack.url), UP_SECONDS, lambda: podman.logs(stack.container("nginx"))
        )
        figures["compose: up to ready through nginx (s)"] = round(time.monotonic() - started, 1)
        yield stack
    finally:
        stack.remove()


def ready(url):
    try:
        return requests.get(url + "/readyz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_one_migration_then_three_workers_on_one_image(stack, podman):
    services = podman.out(
        "ps", "--all", "--filter", f"label=io.podman.compose.project={PROJECT}",
        "--format", '{{index .Labels "com.docker.compose.service"}} {{.Image}} {{.Status}}',
    ).splitlines()  # fmt: skip
    migrations = [line for line in services if line.startswith("migrate ")]
    assert len(migrations) == 1 and "Exited (0)" in migrations[0], services
    workers = [line.split() for line in services if line.startswith("kefu-")]
    assert sorted(w[0] for w in workers) == list(WORKERS)
    assert {(w[1], w[2]) for w in workers} == {(KEFU_IMAGE, "Up")}, workers
    for service in WORKERS:
        command = podman.inspect(stack.container(service), "{{json .Config.Cmd}}")
        assert "init-db" not in command and "serve" in command
        assert ready(stack.address(service))


def test_redis_refuses_clients_without_the_password(stack, podman):
    redis = stack.container("redis")
    anonymous = podman.run(
        "exec", redis, "sh", "-c", "unset REDISCLI_AUTH; redis-cli ping", check=False
    )
    assert "NOAUTH" in anonymous.stdout + anonymous.stderr
    assert podman.out("exec", redis, "redis-cli", "ping") == "PONG"  # REDISCLI_AUTH from compose


def test_chat_across_workers_goes_on_after_a_worker_is_killed(stack, podman, figures):
    email, password = create_agent(podman, stack.container("kefu-1"), "compose-desk")
    token = visitor_token(stack.url, "compose-desk")
    visitor = visitor_peer(stack.url, token)  # through nginx: ip_hash picks its worker
    peers = [visitor]
    try:
        (home,) = wait_until(
            lambda: [s for s in WORKERS if stack.visitors_on(s) >= 1] or None,
            describe=lambda: "no worker counts the visitor's socket",
        )
        other = next(s for s in WORKERS if s != home)
        agent = agent_peer(stack.address(other), email, password)
        peers.append(agent)
        conversation = exchange(visitor, agent, f"hello from {home} to {other}")

        podman.run("kill", "--signal", "KILL", stack.container(home))
        killed = time.monotonic()
        wait_until(lambda: not visitor.connected, describe=lambda: "the socket outlived its worker")
        visitor = visitor_peer(stack.url, token)  # nginx passes it to a live worker
        peers.append(visitor)
        assert exchange(visitor, agent, "still there?") == conversation
        figures["compose: worker killed to the next reply (s)"] = round(
            time.monotonic() - killed, 1
        )
        messages = visitor.sync()["messages"]
        assert [m["seq"] for m in messages] == list(range(1, len(messages) + 1)), messages
        texts = [m["content"] for m in messages if m.get("type") == "text"]
        assert texts[-2:] == ["still there?", "re: still there?"], texts
        figures["compose: the killed worker"] = podman.inspect(
            stack.container(home), "{{.State.Status}} (exit {{.State.ExitCode}})"
        )
    finally:
        for peer in peers:
            peer.disconnect()
