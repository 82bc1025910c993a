"""Compression of large messages: bytes on the wire and server CPU for a 4 KB message.

Polling responses are compressed by Engine.IO above its 1 KB threshold when
KEFU_HTTP_COMPRESSION is on. Kefu's websocket backend (gevent-websocket) has no
permessage-deflate, so websocket frames travel as they are; the row says so."""

import asyncio
import json
import random
import time

import requests

from .eio import Socket

WORDS = (
    "order delivery refund invoice account password shipping address payment card the a to "
    "my your please thanks hello when where why how can could would I we you it is was not "
    "yesterday today tomorrow number tracking package box broken size color return exchange"
).split()


def chat_text(size, seed=7):
    """Deterministic chat-like text of `size` characters (compresses as real text does)."""
    rng = random.Random(seed)
    words = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:size]


class PollingClient:
    """A Socket.IO client on the polling transport that counts the bytes it receives."""

    def __init__(self, base_url, namespace, auth):
        self.base = base_url + "/socket.io/?EIO=4&transport=polling"
        self.session = requests.Session()
        self.session.headers["Accept-Encoding"] = "gzip, deflate"
        self.namespace = namespace
        self.received_bytes = 0
        opening = self.session.get(self.base, timeout=10).text
        self.sid = json.loads(opening[1:])["sid"]
        self.post(f"40{namespace}," + json.dumps(auth))
        self.poll()

    def post(self, packet):
        url = f"{self.base}&sid={self.sid}"
        self.session.post(url, data=packet.encode(), timeout=10).raise_for_status()

    def poll(self):
        """One long-poll; returns the packets, counting the bytes as they came (compressed)."""
        response = self.session.get(f"{self.base}&sid={self.sid}", stream=True, timeout=30)
        raw = response.raw.read(decode_content=False)
        self.received_bytes += len(raw) + sum(
            len(k) + len(v) + 4 for k, v in response.headers.items()
        )
        body = raw
        encoding = response.headers.get("Content-Encoding")
        if encoding == "gzip":
            import gzip

            body = gzip.decompress(raw)
        elif encoding == "deflate":
            import zlib

            body = zlib.decompress(raw)
        return body.decode().split("\x1e")

    def close(self):
        self.session.close()


def polling_round_trips(target, visitor_token, agent_token, content, count):
    """`count` messages visitor→agent over polling; bytes received per message, CPU per msg."""
    server = target.workers[0]
    agent = PollingClient(server.url, "/agent", {"token": agent_token})
    visitor = PollingClient(server.url, "/visitor", {"token": visitor_token})
    try:
        visitor.post('42/visitor,1["message",{"client_id":"warm","content":"hi"}]')
        drain_until(visitor, "43/visitor,1")
        drain_until(agent, '42/agent,["message"')
        agent.received_bytes = visitor.received_bytes = 0
        cpu = server.cpu_seconds()
        for n in range(count):
            ack_id = n + 2
            payload = json.dumps(["message", {"client_id": f"z{n}", "content": content}])
            visitor.post(f"42/visitor,{ack_id}{payload}")
            drain_until(agent, '42/agent,["message"')
            drain_until(visitor, f"43/visitor,{ack_id}")
        cpu = server.cpu_seconds() - cpu
        return {
            "bytes_to_agent_per_message": round(agent.received_bytes / count),
            "bytes_to_visitor_per_message": round(visitor.received_bytes / count),
            "server_cpu_ms_per_message": round(1000 * cpu / count, 3),
        }
    finally:
        agent.close()
        visitor.close()


def drain_until(client, prefix):
    for _ in range(50):
        if any(p.startswith(prefix) for p in client.poll()):
            return
    raise RuntimeError(f"no packet starting {prefix!r}")


def websocket_round_trips(target, visitor_token, agent_token, content, count):
    """The same over websocket (frames as sent: no permessage-deflate in the backend)."""
    server = target.workers[0]

    async def run():
        got = asyncio.Queue()
        agent = Socket(server.url, "/agent", lambda name, data: got.put_nowait((name, data)))
        visitor = Socket(server.url, "/visitor")
        await agent.open({"token": agent_token})
        await visitor.open({"token": visitor_token})
        sizes = []
        cpu = server.cpu_seconds()
        for n in range(count):
            ack = await visitor.call("message", {"client_id": f"w{n}", "content": content})
            while True:
                name, data = await got.get()
                if name == "message":
                    break
            # Frames as the server wrote them (its JSON is compact), plus websocket headers.
            to_agent = "42/agent," + json.dumps(["message", data], separators=(",", ":"))
            to_visitor = f"43/visitor,{n + 1}" + json.dumps([ack], separators=(",", ":"))
            sizes.append(len(to_agent.encode()) + len(to_visitor.encode()) + 2 * 4)
        cpu = server.cpu_seconds() - cpu
        await agent.close()
        await visitor.close()
        return {
            "bytes_per_message": round(sum(sizes) / count),
            "server_cpu_ms_per_message": round(1000 * cpu / count, 3),
        }

    return asyncio.run(run())


def measure(target, count, size=4096):
    """Both transports for one server setting (compression on or off)."""
    agent_token = target.create_agents(1, max_concurrent=5)[0]
    tokens = target.visitors(2)
    content = chat_text(size)
    time.sleep(0.5)
    return {
        "polling": polling_round_trips(target, tokens[0], agent_token, content, count),
        "websocket": websocket_round_trips(target, tokens[1], agent_token, content, count),
    }
