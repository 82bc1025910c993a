"""The handshake gate (kefu/sockets/handshake_gate.py) on a real `kefu serve` with one
permit: each namespace connect gives it back, a socket that never connects a namespace
keeps it only HOLD_SECONDS (as one that went away does), and nothing but a connection's
opening waits for it."""

import time

import pytest
import requests
import websocket

from kefu.sockets.handshake_gate import HOLD_SECONDS

from .rawsocket import RawSocket, serve, visitor_token

pytestmark = pytest.mark.integration

CONNECTS = 8


@pytest.fixture(scope="module")
def gated(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("serve-gated"), KEFU_HANDSHAKE_CONCURRENCY="1")


def timed_connect(kefu, token):
    started = time.monotonic()
    sock = RawSocket(kefu.base_url, "/visitor", {"token": token})
    return sock, time.monotonic() - started


def test_each_namespace_connect_gives_the_permit_back(gated):
    """With one permit, visitors connect one after another without waiting for a hold to
    end: a permit kept past its connect would make the next one wait HOLD_SECONDS."""
    tokens = [visitor_token(gated) for _ in range(CONNECTS)]
    sockets, seconds = [], []
    try:
        for token in tokens:
            sock, took = timed_connect(gated, token)
            sockets.append(sock)
            seconds.append(took)
    finally:
        for sock in sockets:
            sock.close()
    assert max(seconds) < HOLD_SECONDS - 1, seconds


def test_a_socket_that_never_connects_a_namespace_holds_the_permit_only_briefly(gated):
    token = visitor_token(gated)
    url = gated.base_url.replace("http://", "ws://", 1) + "/socket.io/?EIO=4&transport=websocket"
    silent = websocket.create_connection(url, timeout=10)  # Engine.IO open, no namespace
    try:
        assert silent.recv().startswith("0{")
        admitted = time.monotonic()
        # Requests that open no connection do not wait for the permit.
        health = requests.get(gated.base_url + "/healthz", timeout=HOLD_SECONDS - 1)
        assert health.status_code == 200
        sock, _ = timed_connect(gated, token)
        waited = time.monotonic() - admitted
        sock.close()
    finally:
        silent.close()
    assert HOLD_SECONDS - 1 <= waited < HOLD_SECONDS + 5, waited
