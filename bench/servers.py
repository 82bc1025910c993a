"""The servers under test: Kefu workers (embedded SQLite, or PostgreSQL + Redis) and the
Node reference, each a real process on a loopback port, measured from /proc by psutil."""

import os
import secrets
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
import requests

from . import harness

REFERENCE_DIR = Path(__file__).with_name("reference")
SECRET_KEY = "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PG_ADMIN = os.environ.get("KEFU_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("KEFU_BENCH_REDIS", "redis://127.0.0.1:6379/0")
ADMIN = ("bench-admin@bench.example", "bench-admin-password")
START_SECONDS = 30


class Measured:
    """A server process as the bench sees it: RSS, CPU seconds, open descriptors."""

    def __init__(self, process, url, name):
        self.process = process
        self.ps = psutil.Process(process.pid)
        self.url = url
        self.name = name

    def rss(self):
        return self.ps.memory_info().rss

    def cpu_seconds(self):
        times = self.ps.cpu_times()
        return times.user + times.system

    def fds(self):
        return self.ps.num_fds()

    def fd_limit(self):
        return self.ps.rlimit(psutil.RLIMIT_NOFILE)[0]

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_http(url, process, log_path, seconds=START_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited; log:\n{Path(log_path).read_text()[-3000:]}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds}s")


# --- databases -------------------------------------------------------------------------------


@contextmanager
def database(kind, workdir):
    """A throw-away database URL: an SQLite file, or a fresh PostgreSQL database."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir}/bench.db"
        return
    import psycopg

    name = "kefu_bench_" + secrets.token_hex(4)
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kefu_env(database_url, redis_prefix=None, **extra):
    return harness.kefu_env(
        database_url,
        KEFU_ENV="development",
        KEFU_SECRET_KEY=SECRET_KEY,
        KEFU_DEMO="0",
        KEFU_REDIS_URL=REDIS_URL if redis_prefix else "",
        KEFU_REDIS_PREFIX=redis_prefix or "kefu:",
        # The bench is one client address sending thousands of messages: no per-client budget.
        KEFU_RATE_LIMIT_MESSAGES="off",
        KEFU_RATE_LIMIT_VISITOR_AUTH="off",
        KEFU_RATE_LIMIT_LOGIN="off",
        KEFU_RATE_LIMIT_LOGIN_IP="off",
        **extra,
    )


# --- Kefu ------------------------------------------------------------------------------------


class KefuDeployment:
    """N `kefu serve` workers on one database (and one Redis when N > 1 or asked)."""

    kind = "kefu"

    def __init__(self, workdir, database_url, workers=1, redis=False, env=None):
        self.workdir = Path(workdir)
        self.prefix = f"kefu-bench-{secrets.token_hex(4)}:" if (redis or workers > 1) else None
        self.env = kefu_env(database_url, self.prefix, **(env or {}))
        from config import normalize_database_url

        self.database_url = normalize_database_url(database_url)
        self.count = workers
        self.workers = []

    def cli(self, *args):
        result = subprocess.run(
            [harness.KEFU, *args], env=self.env, cwd=self.workdir, capture_output=True, text=True
        )
        if result.returncode:
            raise RuntimeError(f"kefu {args[0]} failed: {result.stdout}{result.stderr}")

    def start(self):
        self.cli("init-db")
        self.cli(
            "create-agent",
            "--email",
            ADMIN[0],
            "--password",
            ADMIN[1],
            "--name",
            "Bench",
            "--admin",
        )
        for index in range(self.count):
            log_path = self.workdir / f"worker-{index}.log"
            serving = harness.ServeProcess(self.env, self.workdir, log_path).start()
            self.workers.append(Measured(serving.process, serving.url, f"kefu-{index}"))
        return self

    def stop(self):
        for worker in self.workers:
            worker.stop()
        keep = os.environ.get("KEFU_BENCH_KEEP_LOGS")  # a folder: worker logs are copied there
        if keep:
            os.makedirs(keep, exist_ok=True)
            for log in self.workdir.glob("worker-*.log"):
                shutil.copy(log, Path(keep) / f"{self.workdir.name}-{log.name}")
        if self.prefix:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(self.prefix + "*"))
            if keys:
                client.delete(*keys)

    def restart(self, index):
        """Stop worker `index` as a deploy does (SIGTERM, its graceful stop) and start it again
        on the same port; return the wall-clock times of the signal, of its exit and of the new
        process's first /healthz answer, and the exit code."""
        worker = self.workers[index]
        port = int(worker.url.rsplit(":", 1)[1])
        signalled = time.time()
        worker.stop()
        exited = time.time()
        log_path = self.workdir / f"worker-{index}.log"
        serving = harness.ServeProcess(self.env, self.workdir, log_path).start(port)
        self.workers[index] = Measured(serving.process, serving.url, f"kefu-{index}")
        return {
            "signalled": signalled,
            "exited": exited,
            "ready": time.time(),
            "exit_code": worker.process.returncode,
        }

    def admin_token(self):
        body = post(
            self.workers[0].url, "/api/agent/login", {"email": ADMIN[0], "password": ADMIN[1]}
        )
        return body["access_token"]

    def create_agents(self, count, max_concurrent):
        """Create `count` agents through the admin API; return their access tokens."""
        admin = self.admin_token()
        tokens = []
        for index in range(count):
            email = f"agent-{index}@bench.example"
            post(
                self.workers[0].url,
                "/api/agents",
                {
                    "email": email,
                    "password": "agent-password",
                    "name": f"Agent {index}",
                    "max_concurrent": max_concurrent,
                },
                token=admin,
            )
            body = post(
                self.workers[index % self.count].url,
                "/api/agent/login",
                {"email": email, "password": "agent-password"},
            )
            tokens.append(body["access_token"])
        return tokens

    def visitors(self, count, worker=0):
        """Create `count` visitors through the public auth endpoint; return their tokens."""
        url = self.workers[worker % self.count].url
        with requests.Session() as session:
            return [
                expect(session.post(url + "/api/visitor/auth", json={"name": f"V{i}"}))["token"]
                for i in range(count)
            ]

    def runtime(self, worker, token):
        """GET /api/admin/runtime of one worker: its sockets and its frozen heap."""
        response = requests.get(
            self.workers[worker].url + "/api/admin/runtime",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        return expect(response)

    def metric(self, worker, name, label=""):
        """Sum of one Prometheus series on one worker, optionally only the samples whose
        labels contain `label` (0 when absent)."""
        return self.metrics(worker, (name, label))[0]

    def metrics(self, worker, *wanted):
        """metric() of each (name, label) in `wanted`, all from one scrape: series read from
        two scrapes can disagree (a collection between them made a count go negative)."""
        text = requests.get(self.workers[worker].url + "/metrics", timeout=30).text
        totals = [0.0] * len(wanted)
        for line in text.splitlines():
            series, _, value = line.rpartition(" ")
            name = series.split("{")[0]
            for index, (wanted_name, label) in enumerate(wanted):
                if name == wanted_name and label in series:
                    totals[index] += float(value)
        return totals


def minted_visitor_tokens(count):
    """Visitor tokens signed as Kefu signs them (its own function, the bench's secret), for
    idle sockets: they measure holding connections, not the auth endpoint."""
    from flask import Flask
    from flask_jwt_extended import JWTManager

    from kefu.tokens import issue_visitor_token

    app = Flask("bench-tokens")
    app.config.update(JWT_SECRET_KEY=SECRET_KEY, VISITOR_TOKEN_SECONDS=86400 * 2)
    JWTManager(app)
    with app.app_context():
        return [issue_visitor_token(f"v_bench{i:06d}")[0] for i in range(count)]


def post(base, path, body, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return expect(requests.post(base + path, json=body, headers=headers, timeout=30))


def expect(response):
    if response.status_code >= 300:
        raise RuntimeError(
            f"{response.request.method} {response.url}: "
            f"{response.status_code} {response.text[:300]}"
        )
    return response.json()


# --- Node reference --------------------------------------------------------------------------


def install_reference():
    """npm-install the reference server once (socket.io from the npm registry)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise RuntimeError("the reference needs Node.js and npm (apt-get install nodejs npm)")
    if not (REFERENCE_DIR / "node_modules" / "socket.io").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=REFERENCE_DIR, check=True
        )


class NodeReference:
    kind = "node"

    def __init__(self, workdir, deflate=False):
        self.workdir = Path(workdir)
        self.deflate = deflate
        self.workers = []

    def start(self):
        install_reference()
        port = harness.free_port()
        log_path = self.workdir / "reference.log"
        env = dict(os.environ, REFERENCE_DEFLATE="1" if self.deflate else "0")
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                ["node", "server.js", str(port)],
                cwd=REFERENCE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        wait_http(url + "/socket.io/?EIO=4&transport=polling", process, log_path)
        self.workers.append(Measured(process, url, "node"))
        return self

    def stop(self):
        for worker in self.workers:
            worker.stop()


@contextmanager
def running(kind, workers=1, env=None, deflate=False):
    """Start a target in a fresh work directory: "node" (one process), or Kefu with one
    embedded worker (SQLite) or N workers on PostgreSQL + Redis; stop it afterwards."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kefu-bench-") as workdir:
        if kind == "node":
            target = NodeReference(workdir, deflate=deflate)
            try:
                yield target.start()
            finally:
                target.stop()
            return
        with database("sqlite" if workers == 1 else "postgresql", workdir) as url:
            target = KefuDeployment(workdir, url, workers, env=env)
            try:
                yield target.start()
            finally:
                target.stop()
