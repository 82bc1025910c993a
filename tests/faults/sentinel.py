"""Redis of the fault tests' own: single servers, and a Sentinel set-up (one primary, one
replica, three sentinels) on free loopback ports, all stopped with the test.

`redis-server --sentinel` needs a config file it may rewrite: each sentinel gets its own in
the test's directory.
"""

import secrets
import shutil
import subprocess
import time

import redis

from bench.harness import free_port

from ..integration.clients import wait_until
from ..services import unavailable

SERVICE = "kefu-faults"
DOWN_AFTER_MS = 1000  # a primary silent this long is down (Kefu's own test figure)
FAILOVER_TIMEOUT_MS = 5000
START_SECONDS = 10


def require_redis_server():
    if shutil.which("redis-server") is None:
        unavailable("redis-server is not installed")


def _client(port, **kwargs):
    return redis.Redis(
        host="127.0.0.1", port=port, socket_timeout=2, socket_connect_timeout=2, **kwargs
    )


def _answers(port):
    try:
        return _client(port).ping()
    except redis.RedisError:
        return False


class RedisNode:
    """One redis-server process on a fixed free port (restartable on the same port)."""

    def __init__(self, workdir, name, *extra):
        require_redis_server()
        self.name = name
        self.port = free_port()
        self.workdir = workdir
        self.extra = list(extra)
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self):
        return [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
            "--dbfilename",
            f"{self.name}.rdb",
            "--logfile",
            str(self.workdir / f"{self.name}.log"),
            # A replica's first sync at once, not after the default 5 s wait for others.
            "--repl-diskless-sync-delay",
            "0",
            *self.extra,
        ]

    def start(self, *extra):
        self.process = subprocess.Popen(
            self.command() + list(extra), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(
            lambda: self.process.poll() is not None or _answers(self.port), timeout=START_SECONDS
        )
        if self.process.poll() is not None:
            log = self.workdir / f"{self.name}.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{self.name} exited at start (port {self.port} taken?): {tail}")
        return self

    def client(self, **kwargs):
        return _client(self.port, **kwargs)

    def kill(self):
        """SIGKILL: the process is gone at once, as a crashed host's would be."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None


class SentinelNode(RedisNode):
    def __init__(self, workdir, name):
        super().__init__(workdir, name)
        self.myid = secrets.token_hex(20)
        self.config = workdir / f"{name}.conf"

    def configure(self, primary_port, replica_port, others):
        """Write the config: the primary to watch, and, so that the set-up is whole at once
        rather than after a few rounds of hello messages, the replica and the other
        sentinels."""
        lines = [
            f"port {self.port}",
            "bind 127.0.0.1",
            "protected-mode no",
            f"dir {self.workdir}",
            f"logfile {self.workdir / (self.name + '.log')}",
            f"sentinel myid {self.myid}",
            f"sentinel monitor {SERVICE} 127.0.0.1 {primary_port} 2",
            f"sentinel down-after-milliseconds {SERVICE} {DOWN_AFTER_MS}",
            f"sentinel failover-timeout {SERVICE} {FAILOVER_TIMEOUT_MS}",
            f"sentinel parallel-syncs {SERVICE} 1",
            f"sentinel known-replica {SERVICE} 127.0.0.1 {replica_port}",
        ]
        lines += [f"sentinel known-sentinel {SERVICE} 127.0.0.1 {o.port} {o.myid}" for o in others]
        self.config.write_text("\n".join(lines) + "\n")

    def command(self):
        return ["redis-server", str(self.config), "--sentinel"]

    def primary_port(self):
        address = self.client().execute_command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", SERVICE)
        return int(address[1])

    def view(self):
        """This sentinel's SENTINEL MASTER answer as a dict of str."""
        reply = self.client(decode_responses=True).execute_command("SENTINEL", "MASTER", SERVICE)
        if isinstance(reply, dict):
            return reply
        return dict(zip(reply[::2], reply[1::2], strict=True))


class SentinelSetup:
    """One primary, one replica, three sentinels (quorum 2), on loopback ports."""

    def __init__(self, workdir):
        require_redis_server()
        self.workdir = workdir
        self.nodes = [RedisNode(workdir, "redis-a"), RedisNode(workdir, "redis-b")]
        self.sentinels = []

    @property
    def url(self):
        """Kefu's URL: every sentinel, then the service name."""
        hosts = ",".join(f"127.0.0.1:{s.port}" for s in self.sentinels)
        return f"redis+sentinel://{hosts}/{SERVICE}"

    def start(self):
        a, b = self.nodes
        a.start()
        b.start("--replicaof", "127.0.0.1", str(a.port))
        wait_until(lambda: self._linked(b), timeout=START_SECONDS)
        self.sentinels = [SentinelNode(self.workdir, f"sentinel-{i}") for i in range(3)]
        for sentinel in self.sentinels:
            others = [o for o in self.sentinels if o is not sentinel]
            sentinel.configure(a.port, b.port, others)
            sentinel.start()
        self.wait_settled()
        return self

    @staticmethod
    def _linked(replica):
        info = replica.client(decode_responses=True).info("replication")
        return info.get("role") == "slave" and info.get("master_link_status") == "up"

    def primary(self):
        """The node the sentinels name as primary."""
        port = self.sentinels[0].primary_port()
        return next(node for node in self.nodes if node.port == port)

    def replica(self):
        return next(node for node in self.nodes if node is not self.primary())

    def wait_settled(self, timeout=30):
        """Until every sentinel agrees on a running primary, knows the other sentinels and
        sees the replica linked to it (a failover can only happen from there)."""

        def settled():
            try:
                ports = {s.primary_port() for s in self.sentinels}
                if len(ports) != 1:
                    return False
                primary = next((n for n in self.nodes if n.port in ports and n.running), None)
                if primary is None:
                    return False
                for sentinel in self.sentinels:
                    view = sentinel.view()
                    if (
                        int(view["num-other-sentinels"]) != 2
                        or int(view["num-slaves"]) < 1
                        or "down" in view["flags"]
                    ):
                        return False
                replica = next(n for n in self.nodes if n is not primary)
                return replica.running and self._linked(replica)
            except (redis.RedisError, StopIteration, KeyError):
                return False

        wait_until(settled, timeout=timeout, describe=self.describe)

    def kill_primary(self):
        """SIGKILL the primary; return (the killed node, the moment)."""
        node = self.primary()
        node.kill()
        return node, time.monotonic()

    def wait_promoted(self, old, timeout=30):
        """Until every sentinel names the other node, and it answers as a primary."""

        def promoted():
            try:
                if {s.primary_port() for s in self.sentinels} == {old.port}:
                    return False
                if len({s.primary_port() for s in self.sentinels}) != 1:
                    return False
                new = self.primary()
                return new.client(decode_responses=True).info("replication")["role"] == "master"
            except (redis.RedisError, StopIteration):
                return False

        wait_until(promoted, timeout=timeout, describe=self.describe)
        return self.primary()

    def rejoin(self, node):
        """Start a killed node again as a replica of the current primary."""
        node.start("--replicaof", "127.0.0.1", str(self.primary().port))
        self.wait_settled()

    def describe(self):
        lines = []
        for sentinel in self.sentinels:
            try:
                view = sentinel.view()
                lines.append(
                    f"{sentinel.name}: primary {view.get('port')} flags {view.get('flags')} "
                    f"replicas {view.get('num-slaves')} sentinels {view.get('num-other-sentinels')}"
                )
            except redis.RedisError as exc:
                lines.append(f"{sentinel.name}: {exc}")
        for node in self.nodes:
            lines.append(f"{node.name} port {node.port} running {node.running}")
        return "; ".join(lines)

    def stop(self):
        for node in [*self.sentinels, *self.nodes]:
            node.kill()
