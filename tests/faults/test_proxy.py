"""The fault proxy itself, in front of a loopback echo server: each mode does what the rows
rely on."""

import socket
import threading
import time

import pytest

from .proxy import BLACKHOLE, DELAY, FORWARD, ONE_WAY, REFUSE, FaultProxy

pytestmark = pytest.mark.faults


@pytest.fixture
def echo():
    """An echo server; `received` keeps what reached it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    received = []
    stop = threading.Event()

    def serve(conn):
        with conn:
            conn.settimeout(0.1)
            while not stop.is_set():
                try:
                    data = conn.recv(1024)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not data:
                    return
                received.append(data)
                conn.sendall(data)

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], received
    stop.set()
    thread.join(timeout=2)
    listener.close()


def roundtrip(port, data=b"ping", timeout=1.0):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(data)
        return conn.recv(1024)


def test_forward_and_delay(echo):
    port, _ = echo
    with FaultProxy("127.0.0.1", port, lifetime=30) as proxy:
        assert roundtrip(proxy.port) == b"ping"
        proxy.mode(DELAY, 0.3)
        started = time.monotonic()
        assert roundtrip(proxy.port) == b"ping"
        assert time.monotonic() - started >= 0.3


def test_blackhole_holds_and_releases(echo):
    port, _ = echo
    with FaultProxy("127.0.0.1", port, lifetime=30) as proxy:
        conn = socket.create_connection(("127.0.0.1", proxy.port), timeout=0.3)
        with conn:
            proxy.mode(BLACKHOLE)
            conn.sendall(b"held")
            with pytest.raises(TimeoutError):
                conn.recv(1024)
            proxy.mode(FORWARD)
            conn.settimeout(2)
            assert conn.recv(1024) == b"held"  # nothing was lost, only late


def test_refuse_resets_open_and_new_connections(echo):
    port, _ = echo
    with FaultProxy("127.0.0.1", port, lifetime=30) as proxy:
        conn = socket.create_connection(("127.0.0.1", proxy.port), timeout=1)
        with conn:
            assert roundtrip(proxy.port) == b"ping"
            proxy.mode(REFUSE)
            with pytest.raises((ConnectionError, OSError)):
                conn.sendall(b"x")
                if not conn.recv(1024):
                    raise ConnectionResetError("closed")
        with pytest.raises((ConnectionError, OSError)):
            if not roundtrip(proxy.port):
                raise ConnectionResetError("closed")
        proxy.mode(FORWARD)
        assert roundtrip(proxy.port) == b"ping"


def test_one_way_delivers_but_drops_replies(echo):
    port, received = echo
    with FaultProxy("127.0.0.1", port, lifetime=30) as proxy:
        proxy.mode(ONE_WAY)
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=0.3) as conn:
            conn.sendall(b"lost reply")
            with pytest.raises(TimeoutError):
                conn.recv(1024)
        assert b"lost reply" in received


def test_the_proxy_stops_by_itself(echo):
    port, _ = echo
    proxy = FaultProxy("127.0.0.1", port, lifetime=0.3)
    time.sleep(0.6)
    with pytest.raises(OSError):
        roundtrip(proxy.port, timeout=0.5)
    proxy.stop()
