"""A webhook receiver of the tests' own on loopback: a real HTTP server in a thread that
records every request and answers as told: "ok" (204), "fail" (500), "hang" (answers
nothing until released), "close" (drops the connection unanswered), "redirect" (302); or a function of the body
that says which."""

import http.server
import json
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    at: float = field(default_factory=time.time)

    @property
    def event(self):
        return json.loads(self.body)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a sender killed mid-request resets its connection: expected here


class Receiver:
    def __init__(self, mode="ok"):
        self.mode = mode
        self.requests = []
        self.lock = threading.Lock()
        self.released = threading.Event()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:
                    # The sender was killed mid-request: as in any HTTP server, a request cut
                    # short is no request (the sender never had an answer and sends it again).
                    self.close_connection = True
                    return
                mode = receiver.mode(body) if callable(receiver.mode) else receiver.mode
                with receiver.lock:
                    receiver.requests.append(Received(self.path, dict(self.headers), body))
                if mode == "hang":
                    receiver.released.wait(30)
                    self.close_connection = True
                    return
                if mode == "close":
                    self.close_connection = True
                    return
                if mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 204 if mode == "ok" else 500
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def received(self):
        with self.lock:
            return list(self.requests)

    def events(self):
        return [r.event for r in self.received()]

    def wait_for(self, count, timeout=30.0):
        """The requests once at least `count` have come; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.received()
            if len(got) >= count:
                return got
            time.sleep(0.02)
        raise AssertionError(f"{len(self.received())} of {count} webhook requests came")
