"""A load process of visitor sockets that reconnect when dropped, as the socket.io client does.

After a drop each socket waits a randomized, growing delay (the client's defaults:
reconnectionDelay 1 s, randomizationFactor 0.5, doubled each attempt up to
reconnectionDelayMax 5 s) and tries again, each attempt on the next worker URL in turn
(the first on the worker it was on), so a socket whose worker is gone lands on another.
Every socket records when it dropped, when it was back and where; failed attempts are
counted by error.

    python -m bench.rejoin   (started by the bench: LoadProcess(..., module="bench.rejoin"))
"""

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass

from websockets.exceptions import WebSocketException

from .eio import ConnectRefused, Socket
from .loadgen import cpu_seconds, run, say

DELAY, FACTOR, JITTER, DELAY_MAX = 1.0, 2, 0.5, 5.0
OPEN_TIMEOUT = 20  # the socket.io client's connect timeout
# What a connect attempt can end with besides success (a refused port, a timeout, a server
# that closed during the handshake or refused the namespace).
ATTEMPT_ERRORS = (TimeoutError, OSError, ConnectRefused, WebSocketException)


def backoff(attempt, rng=random):
    """Seconds before reconnect attempt `attempt` (0-based), as engine.io-client's Backoff
    computes them: 1 s ± 50 %, then 2 s ± 50 %, … never over 5 s."""
    delay = DELAY * FACTOR**attempt
    deviation = rng.random() * JITTER * delay
    delay = delay - deviation if rng.random() < 0.5 else delay + deviation
    return min(delay, DELAY_MAX)


def describe(exc):
    return f"{type(exc).__name__}: {str(exc)[:60]}"


@dataclass
class Visitor:
    auth: dict
    worker: int  # index of the URL it is (or was last) connected to
    sock: Socket = None
    drops: int = 0
    dropped_at: float = None  # wall clock of the last drop
    back_at: float = None  # wall clock of the last reconnection
    attempts: int = 0  # reconnect attempts, successful one included

    @property
    def connected(self):
        return self.sock is not None and not self.sock.closed_by_server


class Pool:
    """The process's visitors, their connect loops and what went wrong on the way."""

    def __init__(self, config):
        self.urls = config["urls"]
        self.namespace = config["namespace"]
        self.source = config.get("source")
        self.visitors = [Visitor(auth, config.get("worker", 0)) for auth in config["auths"]]
        self.failures = Counter()  # failed reconnect attempts by error

    async def connect(self, visitor, worker):
        sock = Socket(self.urls[worker], self.namespace)
        try:
            await sock.open(visitor.auth, local_addr=self.source, timeout=OPEN_TIMEOUT)
        except BaseException:
            await sock.close()
            raise
        visitor.sock, visitor.worker = sock, worker

    async def connect_all(self, concurrency):
        """The first connection of every visitor, `concurrency` at a time; return the
        "connected" report (as loadgen.open_all's)."""
        limit, errors = asyncio.Semaphore(concurrency), Counter()

        async def first(visitor):
            async with limit:
                try:
                    await self.connect(visitor, visitor.worker)
                except ATTEMPT_ERRORS as exc:
                    errors[describe(exc)] += 1

        started, cpu = time.monotonic(), cpu_seconds()
        await asyncio.gather(*(first(v) for v in self.visitors))
        seconds = time.monotonic() - started
        return {
            "ok": sum(v.connected for v in self.visitors),
            "failed": sum(errors.values()),
            "errors": dict(errors.most_common(5)),
            "seconds": round(seconds, 3),
            "client_cpu": round((cpu_seconds() - cpu) / max(seconds, 1e-6), 3),
        }

    async def keep(self, visitor):
        """Reconnect the visitor whenever its socket drops, until the process stops."""
        while True:
            await visitor.sock.dropped()
            visitor.drops += 1
            visitor.dropped_at, visitor.sock = time.time(), None
            attempt = 0
            while visitor.sock is None:
                await asyncio.sleep(backoff(attempt))
                worker = (visitor.worker + attempt) % len(self.urls)
                attempt += 1
                try:
                    await self.connect(visitor, worker)
                except ATTEMPT_ERRORS as exc:
                    self.failures[describe(exc)] += 1
            visitor.attempts += attempt
            visitor.back_at = time.time()

    def status(self):
        visitors = self.visitors
        per_worker = [0] * len(self.urls)
        for v in visitors:
            if v.connected:
                per_worker[v.worker] += 1
        back = [v.back_at for v in visitors if v.back_at is not None]
        return {
            "sockets": len(visitors),
            "connected": sum(per_worker),
            "per_worker": per_worker,
            "dropped": sum(v.drops > 0 for v in visitors),
            "back": sum(v.drops > 0 and v.connected for v in visitors),
            "failed_attempts": sum(self.failures.values()),
            "errors": dict(self.failures.most_common(5)),
            "last_back": max(back, default=None),
        }

    def timeline(self):
        """[dropped_at, back_at, worker, attempts, drops] of every visitor."""
        return [[v.dropped_at, v.back_at, v.worker, v.attempts, v.drops] for v in self.visitors]


async def role_rejoining(config, commands):
    """Idle visitors that reconnect when dropped; answers status and timeline."""
    pool = Pool(config)
    say(event="connected", **await pool.connect_all(config.get("concurrency", 100)))
    keepers = [asyncio.create_task(pool.keep(v)) for v in pool.visitors if v.connected]
    cpu, since = cpu_seconds(), time.monotonic()
    async for command in commands:
        if command["cmd"] == "status":
            now = time.monotonic()
            used = (cpu_seconds() - cpu) / max(now - since, 1e-6)
            say(event="status", client_cpu=round(used, 3), **pool.status())
            cpu, since = cpu_seconds(), now
        elif command["cmd"] == "timeline":
            say(event="timeline", visitors=pool.timeline())
        elif command["cmd"] == "stop":
            break
    for keeper in keepers:
        keeper.cancel()


ROLES = {"rejoining": role_rejoining}

if __name__ == "__main__":
    run(ROLES)
