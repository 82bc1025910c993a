"""deploy/nginx.conf in front of two workers: the polling transport works through it
(sticky sessions), and without ip_hash the same traffic breaks (the control)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from bench.harness import free_port

from ..integration.clients import Peer, wait_until
from ..services import unavailable

pytestmark = pytest.mark.integration

SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
POLLING = ["polling"]


def nginx_binary():
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        unavailable("nginx is not installed (scripts/ensure-nginx installs Debian's)")
    return found


class Nginx:
    """nginx running deploy/nginx.conf, pointed at our workers, on a free port."""

    def __init__(self, workdir, worker_ports, sticky=True):
        self.workdir = workdir
        self.port = free_port()
        site = SITE.read_text()
        servers = "\n".join(
            f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in worker_ports
        )
        site = re.sub(r"(?m)^    server 127\.0\.0\.1:500\d.*\n", "", site)
        site = site.replace("    keepalive 64;", servers + "\n    keepalive 64;")
        site = site.replace("listen 8080;", f"listen 127.0.0.1:{self.port};")
        if not sticky:
            site = site.replace("    ip_hash;\n", "")
        temp = workdir / "temp"
        temp.mkdir(exist_ok=True)
        conf = workdir / "nginx.conf"
        conf.write_text(
            f"pid {workdir}/nginx.pid;\n"
            f"error_log {workdir}/error.log warn;\n"
            "worker_processes 1;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"  access_log {workdir}/access.log;\n"
            f"  client_body_temp_path {temp};\n  proxy_temp_path {temp};\n"
            f"  fastcgi_temp_path {temp};\n  uwsgi_temp_path {temp};\n  scgi_temp_path {temp};\n"
            f"{site}\n}}\n"
        )
        self.process = subprocess.Popen(
            [nginx_binary(), "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, timeout=10, describe=self._log)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _answers(self):
        try:
            return requests.get(self.url + "/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def _log(self):
        path = self.workdir / "error.log"
        return path.read_text() if path.exists() else ""

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def two_workers(start_workers):
    return start_workers(2)


def chat_through(url, server, agent):
    """A visitor and an agent, both on long-polling through the proxy, talk both ways."""
    reply = requests.post(
        url + "/api/visitor/auth", json={"skill_group": agent.skills[0]}, timeout=5
    ).json()
    agent_peer = Peer(url, "/agent", "agent").connect({"token": agent.access_token}, POLLING)
    visitor = Peer(url, "/visitor", "visitor").connect({"token": reply["token"]}, POLLING)
    try:
        assert visitor.transport == agent_peer.transport == "polling"
        sent = visitor.say("hello over long-polling")
        agent_peer.wait_for_message(sent["id"])
        answer = agent_peer.say("hello back", conversation_id=sent["conversation_id"])
        visitor.wait_for_message(answer["id"])
    finally:
        visitor.disconnect()
        agent_peer.disconnect()


def session_statuses(url, requests_count=6):
    """Open a raw Engine.IO polling session and send it `requests_count` more requests:
    the HTTP statuses say whether each reached the worker that holds the session."""
    with requests.Session() as http:
        opened = http.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=5)
        assert opened.status_code == 200, opened.text
        sid = json.loads(opened.text[1:])["sid"]  # "0{…}": the Engine.IO open packet
        session = f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}"
        statuses = [http.post(session, data="40", timeout=5).status_code]  # Socket.IO connect
        for _ in range(requests_count - 1):
            statuses.append(http.post(session, data="3", timeout=5).status_code)  # a pong
        return statuses


def test_polling_through_nginx_with_sticky_sessions(two_workers, tmp_path):
    first, second = two_workers
    proxy = Nginx(tmp_path, [first.serving.port, second.serving.port], sticky=True)
    try:
        assert session_statuses(proxy.url) == [200] * 6
        for _ in range(3):
            chat_through(proxy.url, first, first.create_agent())
    finally:
        proxy.stop()


def test_without_sticky_sessions_polling_breaks(two_workers, tmp_path):
    """The control: round-robin sends a session's requests to a worker that does not know it."""
    first, second = two_workers
    proxy = Nginx(tmp_path, [first.serving.port, second.serving.port], sticky=False)
    try:
        assert 400 in session_statuses(proxy.url)
    finally:
        proxy.stop()
