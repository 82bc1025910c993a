"""A Socket.IO client on one raw websocket, and a `kefu serve` of a test module's own: for
tests that decide when to read, when to pong and when to connect a namespace."""

import json
import socket
import time

import websocket

from .databases import provisioned
from .server import KefuServer


def serve(workdir, **env):
    """Yield a `kefu serve` on SQLite with these KEFU_* settings added."""
    with provisioned("sqlite", workdir) as database:
        kefu = KefuServer(database, workdir)
        kefu.env.update(env)
        yield kefu.launch()
        kefu.stop()


def visitor_token(kefu):
    """A new visitor's token from this server (in no skill group an agent holds)."""
    return kefu.api.expect("POST", "/api/visitor/auth", 200, json={})["token"]


class RawSocket:
    """A Socket.IO client on one raw websocket, so a test decides when to read and to pong."""

    def __init__(self, base_url, namespace, auth, receive_buffer=None):
        url = base_url.replace("http://", "ws://", 1) + "/socket.io/?EIO=4&transport=websocket"
        options = {}
        if receive_buffer:
            options["sockopt"] = ((socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer),)
        self.ws = websocket.create_connection(url, timeout=10, **options)
        self.namespace = namespace
        self.early = []  # what arrived before the namespace's connect packet
        try:
            assert self.ws.recv().startswith("0{")
            self.ws.send(f"40{namespace},{json.dumps(auth)}")
            while not (text := self.ws.recv()).startswith(f"40{namespace},"):
                self.early.append(text)
        except BaseException:
            self.ws.close()
            raise

    def packets(self, seconds, answer_pings=True):
        """Read for `seconds`: the Engine.IO packets received, pongs sent for pings."""
        received, deadline = self.early, time.monotonic() + seconds
        self.early = []
        while (left := deadline - time.monotonic()) > 0:
            self.ws.settimeout(left)
            try:
                text = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                break
            except websocket.WebSocketConnectionClosedException:
                received.append("closed")
                break
            received.append(text)
            if text == "2" and answer_pings:
                self.ws.send("3")
        return received

    def events(self, name, count, timeout=30):
        """The payloads of the next `count` events called `name` (answering pings)."""
        found, deadline = [], time.monotonic() + timeout
        prefix = f"42{self.namespace},"
        while len(found) < count and time.monotonic() < deadline:
            for text in self.packets(1):
                if text.startswith(prefix):
                    event, *args = json.loads(text[len(prefix) :])
                    if event == name:
                        found.append(args[0])
        return found

    def close(self):
        self.ws.close()
