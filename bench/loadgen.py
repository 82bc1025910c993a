"""A load-generator process: holds up to a few thousand sockets, driven over stdin/stdout.

The controller writes the role's configuration as the first JSON line on stdin, then
commands (one JSON object a line); this process answers with JSON lines on stdout. Each
process binds its own 127.0.0.x source address, so a box-wide run never runs out of
ephemeral ports, and reports its own CPU use so the bench can tell when the load
generator, not the server, was the bottleneck.

    python -m bench.loadgen   (started by the bench, never by hand)
"""

import asyncio
import functools
import itertools
import json
import resource
import sys
import time
from collections import Counter, defaultdict

from .eio import ConnectRefused, Socket
from .stats import summarize

# Content of a timed bench message: b|<step>|<sent wall ns>|<sender's worker>|padding
MARK = "b|"
CLIENT_IDS = itertools.count(1)  # unique for the process: a reused client_id is a retry


def say(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def read_commands():
    """Yield the JSON commands written to stdin."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**26)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        yield json.loads(line)


async def open_all(config, auths, on_event=None, decode=None):
    """Open one socket per auth payload, `concurrency` at a time; return (sockets, report).
    `decode` names the events whose data `on_event` needs (eio.Socket)."""
    limit = asyncio.Semaphore(config.get("concurrency", 100))
    errors = Counter()
    sockets = []

    async def open_one(auth):
        async with limit:
            sock = Socket(config["url"], config["namespace"], on_event, decode)
            try:
                await sock.open(
                    auth, local_addr=config.get("source"), compression=config.get("compression")
                )
            except (TimeoutError, OSError, ConnectRefused) as exc:
                errors[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
                await sock.close()
                return
            sockets.append(sock)

    started, cpu = time.monotonic(), cpu_seconds()
    await asyncio.gather(*(open_one(auth) for auth in auths))
    seconds = time.monotonic() - started
    report = {
        "ok": len(sockets),
        "failed": sum(errors.values()),
        "errors": dict(errors.most_common(5)),
        "seconds": round(seconds, 3),
        "client_cpu": round((cpu_seconds() - cpu) / max(seconds, 1e-6), 3),
    }
    return sockets, report


class Latencies:
    """Visitor→agent latencies of timed messages, per rate step."""

    def __init__(self, cross_only=False):
        self.by_step = defaultdict(list)
        self.events = Counter()
        # With several workers an agent has a socket on each: time only the delivery that
        # crossed from the sender's worker to another one, so each message counts once.
        self.cross_only = cross_only

    def on_event(self, name, data, worker=0):
        self.events[name] += 1
        if name != "message" or not isinstance(data, dict):
            return
        content = data.get("content", "")
        if not content.startswith(MARK):
            return
        _, step, sent_ns, sender_worker, _ = content.split("|", 4)
        if self.cross_only and int(sender_worker) == worker:
            return
        self.by_step[int(step)].append((time.time_ns() - int(sent_ns)) / 1e6)

    def report(self):
        steps = {step: summarize(values) for step, values in sorted(self.by_step.items())}
        return {"steps": steps, "events": dict(self.events)}


async def hold(sockets, commands, extra=None):
    """Keep the sockets open, answering status commands, until told to stop."""
    cpu, since = cpu_seconds(), time.monotonic()
    async for command in commands:
        if command["cmd"] == "status":
            now = time.monotonic()
            say(
                event="status",
                open=sum(not s.closed_by_server for s in sockets),
                dropped=sum(s.closed_by_server for s in sockets),
                client_cpu=round((cpu_seconds() - cpu) / max(now - since, 1e-6), 3),
                **(extra() if extra else {}),
            )
            cpu, since = cpu_seconds(), now
        elif command["cmd"] == "stop":
            break


async def role_idle(config, commands):
    """Hold idle sockets (visitors or agents); the server does the pinging."""
    sockets, report = await open_all(config, config["auths"])
    say(event="connected", **report)
    await hold(sockets, commands)


async def role_agents(config, commands):
    """Agent sockets that time every bench message they receive."""
    urls = config.get("urls") or [config["url"]]
    latencies = Latencies(cross_only=len(urls) > 1)
    sockets, reports = [], []
    for worker, url in enumerate(urls):
        on_event = functools.partial(_on_agent_event, latencies, worker)
        opened, report = await open_all(
            dict(config, url=url), config["auths"], on_event, decode={"message"}
        )
        sockets += opened
        reports.append(report)
    say(
        event="connected",
        ok=sum(r["ok"] for r in reports),
        failed=sum(r["failed"] for r in reports),
        errors={k: v for r in reports for k, v in r["errors"].items()},
        seconds=sum(r["seconds"] for r in reports),
        client_cpu=max(r["client_cpu"] for r in reports),
    )

    def collected():
        result = latencies.report()
        latencies.by_step.clear()
        return result

    await hold(sockets, commands, collected)


def _on_agent_event(latencies, worker, name, data):
    latencies.on_event(name, data, worker)


def padded(step, size, worker=0):
    head = f"{MARK}{step}|{time.time_ns()}|{worker}|"
    return head + "x" * max(0, size - len(head))


async def role_senders(config, commands):
    """Visitor sockets that send timed messages at the rates the controller asks for."""
    sockets, report = await open_all(config, config["auths"])
    say(event="connected", **report)
    size = config.get("content_bytes", 100)
    async for command in commands:
        if command["cmd"] == "open":
            await open_conversations(sockets)
        elif command["cmd"] == "steps":
            worker = config.get("worker", 0)
            say(event="stepped", steps=await send_steps(sockets, command, size, worker))
        elif command["cmd"] == "stop":
            break


async def open_conversations(sockets):
    """Each visitor's first message opens its conversation (and routes it); say "opened"."""
    results = await asyncio.gather(
        *(
            s.call("message", {"client_id": f"open-{i}", "content": "hello"}, 60)
            for i, s in enumerate(sockets)
        ),
        return_exceptions=True,
    )
    failed = [r for r in results if not (isinstance(r, dict) and r.get("ok"))]
    say(event="opened", ok=len(results) - len(failed), failed=[str(f) for f in failed[:3]])


async def send_steps(sockets, command, size, worker):
    """Send at each (rate, seconds) step, evenly spaced, round-robin over the sockets."""
    loop = asyncio.get_running_loop()
    start = command["start_ns"] / 1e9
    await asyncio.sleep(max(0.0, start - time.time()))
    results = []
    for offset, (rate, seconds) in enumerate(command["steps"]):
        step = command.get("step_index", 0) + offset
        acks, errors, late, pending = [], Counter(), 0, []
        step_start, cpu = time.time(), cpu_seconds()
        total = int(rate * seconds)

        async def one(sock, client_id, step, acks, errors):
            sent = time.perf_counter()
            try:
                ack = await sock.call(
                    "message", {"client_id": client_id, "content": padded(step, size, worker)}, 30
                )
            except (TimeoutError, ConnectionError) as exc:
                errors[type(exc).__name__] += 1
                return
            if isinstance(ack, dict) and ack.get("ok"):
                acks.append((time.perf_counter() - sent) * 1000)
            else:
                errors[str((ack or {}).get("error", {}).get("code", ack))] += 1

        for n in range(total):
            due = step_start + n / rate
            delay = due - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.05:
                late += 1
            counter = next(CLIENT_IDS)
            sock = sockets[counter % len(sockets)]
            pending.append(loop.create_task(one(sock, f"m-{counter}", step, acks, errors)))
        await asyncio.gather(*pending)
        elapsed = time.time() - step_start
        results.append(
            {
                "rate": rate,
                "sent": total,
                "acked": len(acks),
                "errors": dict(errors),
                "late_sends": late,
                "ack_ms": summarize(acks),
                "seconds": round(elapsed, 3),
                "client_cpu": round((cpu_seconds() - cpu) / max(elapsed, 1e-6), 3),
            }
        )
    return results


async def role_storm(config, commands):
    """Visitors who all send their first message within one spread window."""
    placed = {}
    last_event = [0.0]

    def on_event(name, data):
        if name == "conversation":
            last_event[0] = time.time()

    sockets, report = await open_all(config, config["auths"], on_event, decode=())
    say(event="connected", **report)
    async for command in commands:
        if command["cmd"] == "go":
            start, spread = command["start_ns"] / 1e9, command["spread"]

            async def first(i, sock, start, spread):
                await asyncio.sleep(max(0.0, start + spread * i / len(sockets) - time.time()))
                sent = time.time()
                try:
                    ack = await sock.call("message", {"client_id": "storm", "content": "hi"}, 60)
                except (TimeoutError, ConnectionError) as exc:
                    placed[i] = {"error": type(exc).__name__}
                    return
                placed[i] = {"sent": sent, "acked": time.time(), "ok": bool(ack.get("ok"))}

            await asyncio.gather(*(first(i, s, start, spread) for i, s in enumerate(sockets)))
            say(event="stormed", visitors=list(placed.values()))
        elif command["cmd"] == "quiet":
            say(event="quiet", last_conversation_event=last_event[0])
        elif command["cmd"] == "stop":
            break


ROLES = {"idle": role_idle, "agents": role_agents, "senders": role_senders, "storm": role_storm}


async def main(roles):
    commands = read_commands()
    config = await anext(commands)
    await roles[config["role"]](config, commands)


def run(roles=ROLES):
    """Play the role the first line names: the entry point of every load-process module."""
    # Every socket is a file descriptor.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        import uvloop
    except ImportError:  # plain asyncio works too, only costlier
        asyncio.run(main(roles))
    else:
        uvloop.run(main(roles))


if __name__ == "__main__":
    run()
