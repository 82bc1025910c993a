"""Load-generator processes as the controller drives them: JSON lines both ways."""

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_SOCKETS_PER_PROCESS = 5000


def source_address(index):
    """Each load process binds its own loopback address: 127.0.0.10, .11, …"""
    return f"127.0.0.{10 + index}"


class LoadProcess:
    """One load process; `module` is the one whose roles it plays (bench.loadgen's, or a
    module that runs bench.loadgen.run with its own)."""

    def __init__(self, role, url, namespace, auths, index, module="bench.loadgen", **config):
        self.process = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines = queue.Queue()
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()
        config.update(
            role=role, url=url, namespace=namespace, auths=auths, source=source_address(index)
        )
        self.send(config)

    def _pump(self):
        for line in self.process.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def send(self, command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def expect(self, event, timeout):
        """The next event of that name (raise if the process ends or time runs out)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"load process: no {event!r} within {timeout}s") from None
            if message is None:
                raise RuntimeError(f"load process exited ({self.process.wait()}) before {event!r}")
            if message.get("event") == event:
                return message

    def ask(self, command, event, timeout=60):
        self.send(command)
        return self.expect(event, timeout)

    def stop(self):
        if self.process.poll() is None:
            try:
                self.send({"cmd": "stop"})
                self.process.stdin.close()
                self.process.wait(30)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        self.pump.join(5)  # it ends at the end of the output
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except BrokenPipeError:
                pass


def spread(auths, per_process=MAX_SOCKETS_PER_PROCESS):
    """Cut a list of auth payloads into chunks of at most `per_process`."""
    return [auths[i : i + per_process] for i in range(0, len(auths), per_process)]


def stop_all(processes):
    for process in processes:
        process.stop()
