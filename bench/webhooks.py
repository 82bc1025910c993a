"""Messages on two workers with and without a webhook subscribed to message.created, the
same messages run each time: "without"; "recorded", the webhook's receiver refusing
connections (every message's event is written to the outbox and relayed to the stream,
deliveries wait in backoff: the message path's own cost of the outbox); "with", delivered
to a receiver on loopback (bench/webhook_receiver.mjs), with the delivery lag (arrival
minus the event's created_at, one clock)."""

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from .harness import free_port
from .messages import run_messages
from .servers import post, running

RECEIVER = Path(__file__).with_name("webhook_receiver.mjs")
ENV = {"KEFU_WEBHOOK_ALLOW_PRIVATE": "1"}
# The receiver is done once nothing new came for this long (or the drain limit passed).
QUIET_SECONDS = 3
DRAIN_SECONDS = 120


class Receiver:
    def __init__(self):
        self.process = subprocess.Popen(
            ["node", str(RECEIVER), "0"], stdout=subprocess.PIPE, text=True
        )
        line = self.process.stdout.readline()
        self.port = int(line.split()[1])
        self.url = f"http://127.0.0.1:{self.port}/hook"

    def stats(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/stats", timeout=10) as reply:
            return json.loads(reply.read())

    def drained(self):
        """The stats once deliveries stopped coming, and how long that took."""
        started = time.monotonic()
        last, since = self.stats(), time.monotonic()
        while time.monotonic() - started < DRAIN_SECONDS:
            time.sleep(0.5)
            now = self.stats()
            if now["received"] != last["received"]:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= QUIET_SECONDS:
                break
        return last, round(time.monotonic() - started - QUIET_SECONDS, 1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def run_webhooks(settings, log=print):
    """Each variant on kefu×2 (PostgreSQL, Redis): {variant: run}, "with" + delivery."""
    result = {}
    for variant in settings.webhook_variants:
        with running("kefu", 2, env=ENV) as target:
            receiver = Receiver() if variant == "with" else None
            try:
                if variant != "without":
                    url = receiver.url if receiver else f"http://127.0.0.1:{free_port()}/closed"
                    post(
                        target.workers[0].url,
                        "/api/webhooks",
                        {"url": url, "events": ["message.created"]},
                        token=target.admin_token(),
                    )
                    time.sleep(1.5)  # every worker's subscription cache has it
                run = run_messages(
                    target,
                    settings.webhook_rates,
                    settings.step_seconds,
                    senders=settings.senders,
                    agents=settings.agents,
                )
                if receiver is not None:
                    stats, drain = receiver.drained()
                    stored = sum(s["acked"] for s in run["steps"]) + run["opened"]
                    run["delivery"] = {
                        **stats,
                        "messages_acked": stored,
                        "drained_after_last_step_seconds": drain,
                    }
            finally:
                if receiver is not None:
                    receiver.stop()
        result[variant] = run
        for step in run["steps"]:
            lat = step["latency_ms"]
            log(
                f"  webhooks {variant} @{step['rate']}: {step['sustained_per_second']}/s "
                f"p50 {lat['p50']} p99 {lat['p99']} ms"
            )
    delivery = result["with"]["delivery"]
    log(
        f"  webhook deliveries: {delivery['unique']} events of {delivery['messages_acked']} "
        f"messages, lag p50 {delivery['lag_ms']['p50']} p99 {delivery['lag_ms']['p99']} ms"
    )
    return result
