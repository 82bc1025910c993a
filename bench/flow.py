"""Load processes of a steady message flow that runs until it is told to halt, for scenarios
that change something meanwhile (the reconnect storm).

Senders send at a fixed rate, open loop, each message with an id of its own; agents record
every bench message's send time, visitor→agent latency and id. The controller cuts the run
into windows by send time afterwards, and checks every acknowledged id was delivered.

    python -m bench.flow   (started by the bench: LoadProcess(..., module="bench.flow"))
"""

import asyncio
import time
from collections import Counter

from .loadgen import MARK, cpu_seconds, open_all, open_conversations, run, say
from .stats import summarize

LATE_SECONDS = 0.05


def content(ident, worker, size):
    """A timed bench message: b|0|<sent wall ns>|<sender's worker>|<id>|padding."""
    head = f"{MARK}0|{time.time_ns()}|{worker}|{ident}|"
    return head + "x" * max(0, size - len(head))


class Flow:
    """Messages at `rate` a second, round-robin over the sockets, until halted."""

    def __init__(self, sockets, rate, tag, worker, size):
        self.sockets, self.rate, self.tag = sockets, rate, tag
        self.worker, self.size = worker, size
        self.halted = asyncio.Event()
        self.acked, self.ack_ms, self.errors = [], [], Counter()
        self.sent = self.late = 0
        self.seconds = self.client_cpu = 0.0

    async def run(self):
        loop = asyncio.get_running_loop()
        pending = []
        start, cpu = time.time(), cpu_seconds()
        while not self.halted.is_set():
            delay = start + self.sent / self.rate - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
                if self.halted.is_set():
                    break
            elif delay < -LATE_SECONDS:
                self.late += 1
            ident = f"{self.tag}-{self.sent}"
            sock = self.sockets[self.sent % len(self.sockets)]
            self.sent += 1
            pending.append(loop.create_task(self.one(sock, ident)))
        self.seconds = time.time() - start
        await asyncio.gather(*pending)
        self.client_cpu = (cpu_seconds() - cpu) / max(time.time() - start, 1e-6)

    async def one(self, sock, ident):
        sent = time.perf_counter()
        try:
            ack = await sock.call(
                "message", {"client_id": ident, "content": content(ident, self.worker, self.size)}
            )
        except (TimeoutError, ConnectionError) as exc:
            self.errors[type(exc).__name__] += 1
            return
        if isinstance(ack, dict) and ack.get("ok"):
            self.acked.append(ident)
            self.ack_ms.append((time.perf_counter() - sent) * 1000)
        else:
            self.errors[str((ack or {}).get("error", {}).get("code", ack))] += 1

    def report(self):
        return {
            "rate": self.rate,
            "sent": self.sent,
            "acked": self.acked,
            "errors": dict(self.errors),
            "late_sends": self.late,
            "ack_ms": summarize(self.ack_ms),
            "seconds": round(self.seconds, 3),
            "client_cpu": round(self.client_cpu, 3),
        }


async def role_flow_senders(config, commands):
    """Visitors that open their conversations, then send from "flow" until "halt"."""
    sockets, report = await open_all(config, config["auths"])
    say(event="connected", **report)
    flow = sending = None
    async for command in commands:
        if command["cmd"] == "open":
            await open_conversations(sockets)
        elif command["cmd"] == "flow":
            flow = Flow(
                sockets,
                command["rate"],
                config.get("tag", "m"),
                config.get("worker", 0),
                config.get("content_bytes", 100),
            )
            sending = asyncio.create_task(flow.run())
        elif command["cmd"] == "halt":
            flow.halted.set()
            await sending
            say(event="flowed", **flow.report())
        elif command["cmd"] == "stop":
            break


async def role_flow_agents(config, commands):
    """Agents that record [sent at (wall s), latency ms, id] of every bench message."""
    received = []

    def on_event(name, data):
        if name != "message" or not isinstance(data, dict):
            return
        text = data.get("content", "")
        if text.startswith(MARK):
            _, _, sent_ns, _, ident, _ = text.split("|", 5)
            sent_ns = int(sent_ns)
            received.append([sent_ns / 1e9, round((time.time_ns() - sent_ns) / 1e6, 3), ident])

    sockets, report = await open_all(config, config["auths"], on_event, decode={"message"})
    say(event="connected", **report)
    async for command in commands:
        if command["cmd"] == "collect":
            say(event="collected", messages=received)
        elif command["cmd"] == "stop":
            break


ROLES = {"flow_senders": role_flow_senders, "flow_agents": role_flow_agents}

if __name__ == "__main__":
    run(ROLES)
