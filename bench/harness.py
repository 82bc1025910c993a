"""A real `kefu serve` process (or another entry point's) on a free loopback port, with its
log: the one harness of the benchmark, the integration and worker tests and the browser
tests, so they start, check and stop a server the same way.

`start()` launches the command, waits until this very process listens on the port and
answers `/healthz`, and moves to another free port when the one it picked was taken
meanwhile (a free port can be grabbed by another process between the look and the bind).
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

KEFU = str(Path(sys.executable).with_name("kefu"))
STARTUP_SECONDS = 30
STOP_SECONDS = 10
START_ATTEMPTS = 5


def free_port():
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kefu_env(database_url, **settings):
    """The environment of a `kefu` process: this one's, less every KEFU_* setting (a
    developer's .env or shell cannot leak in), plus the database and `settings`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("KEFU_")}
    env.update(KEFU_DATABASE_URL=database_url, PYTHONUNBUFFERED="1")
    env.update({key: str(value) for key, value in settings.items()})
    return env


def serve_command(port):
    """`kefu serve` on a loopback port."""
    return [KEFU, "serve", "--host", "127.0.0.1", "--port", str(port)]


def listening_ports(pid):
    """TCP ports process `pid` listens on (Linux /proc); None when that cannot be told."""
    try:
        inodes = set()
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        ports = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(table) as handle:
                next(handle)
                for line in handle:
                    fields = line.split()
                    if fields[3] == "0A" and fields[9] in inodes:  # 0A = LISTEN
                        ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        return ports
    except OSError:
        return None


def healthy(url):
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


class ServeProcess:
    """One server process: start on a free port, stop gracefully, read its log."""

    def __init__(self, env, workdir, log_path, command=serve_command):
        self.env = env
        self.workdir = Path(workdir)
        self.log_path = Path(log_path)
        self.command = command  # port -> argv
        self.process = None
        self.port = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, port=None):
        """Start on `port`, or on a free one (another when that one turns out taken)."""
        for attempt in range(1, START_ATTEMPTS + 1):
            candidate = port or free_port()
            self.note(f"=== start attempt {attempt} on port {candidate} ===")
            if self._start_on(candidate):
                return self
        raise RuntimeError(
            f"{self.command(0)[0]} did not start after {START_ATTEMPTS} attempts; "
            f"log:\n{self.log_text()[-20000:]}"
        )

    def _start_on(self, port):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command(port),
                env=self.env,
                cwd=self.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.port = port
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                return False  # most often: the port was taken meanwhile
            owned = listening_ports(self.process.pid)
            if (owned is None or port in owned) and healthy(self.url):
                return True
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"no /healthz answer on port {port} within {STARTUP_SECONDS}s; "
            f"log:\n{self.log_text()[-20000:]}"
        )

    def stop(self):
        """SIGTERM (the graceful stop), then SIGKILL if it does not end in time."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_SECONDS)
        self.note(f"=== stopped with exit code {self.process.returncode} ===")
        self.process = None

    def died(self):
        """The exit code if the process ended on its own, else None."""
        return None if self.process is None else self.process.poll()

    # --- log ---------------------------------------------------------------------------

    def note(self, line):
        with open(self.log_path, "a") as log:
            log.write(line + "\n")

    def log_size(self):
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_text(self, since=0):
        if not self.log_path.exists():
            return ""
        with open(self.log_path, "rb") as log:
            log.seek(since)
            return log.read().decode("utf-8", "replace")
