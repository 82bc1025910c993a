"""The websocket transport as Kefu serves it (no writer greenlet per socket, pings from a
timer): heartbeat, ping timeout, order through a full send buffer, upgrade from polling."""

import time

import pytest
import websocket

from .clients import Peer, new_client_id, wait_until
from .rawsocket import RawSocket, serve, visitor_token

pytestmark = pytest.mark.integration

PING_INTERVAL = 1
PING_TIMEOUT = 1
# The service task checks each socket once per ping-timeout cycle, a slice a second.
CLOSE_WITHIN = PING_INTERVAL + 2 * PING_TIMEOUT + 3


@pytest.fixture(scope="module")
def quick_server(tmp_path_factory):
    """A `kefu serve` with a one-second ping interval and timeout."""
    yield from serve(
        tmp_path_factory.mktemp("serve-quick-ping"),
        KEFU_PING_INTERVAL=str(PING_INTERVAL),
        KEFU_PING_TIMEOUT=str(PING_TIMEOUT),
    )


@pytest.fixture(scope="module")
def unlimited_server(tmp_path_factory):
    """A `kefu serve` without the per-sender message budget."""
    yield from serve(tmp_path_factory.mktemp("serve-unlimited"), KEFU_RATE_LIMIT_MESSAGES="off")


def test_idle_websocket_that_answers_pings_stays_connected(quick_server):
    """A quiet visitor that answers every ping is pinged once per interval and kept."""
    client = RawSocket(quick_server.base_url, "/visitor", {"token": visitor_token(quick_server)})
    try:
        received = client.packets(4 * PING_INTERVAL + 1)
        assert received.count("2") >= 3, received
        assert "1" not in received and "closed" not in received, received
        client.ws.send('42/visitor,1["sync",{"after_seq":0}]')
        assert any(p.startswith("43/visitor,1[") for p in client.packets(3)), "no sync ack"
    finally:
        client.close()


def test_websocket_that_stops_answering_pings_is_closed(quick_server):
    """A visitor that stops answering pings has its websocket closed (a close frame; like
    python-engineio, no Engine.IO close packet) within the ping interval and timeout."""
    client = RawSocket(quick_server.base_url, "/visitor", {"token": visitor_token(quick_server)})
    try:
        started = time.monotonic()
        received = client.packets(CLOSE_WITHIN + 2, answer_pings=False)
        assert received[-2:] == ["", "closed"], received  # "": the close frame
        assert set(received) == {"2", "", "closed"}, received
        assert time.monotonic() - started <= CLOSE_WITHIN, received
    finally:
        client.close()


def test_many_events_arrive_in_order_through_a_full_send_buffer(unlimited_server):
    """An agent that does not read while 150 long messages arrive (its receive buffer is
    tiny, so the server's writes queue up) then gets every one, in seq order."""
    count = 150
    agent = unlimited_server.create_agent()
    visitor = unlimited_server.api.expect(
        "POST", "/api/visitor/auth", 200, json={"skill_group": agent.skill}
    )
    desk = RawSocket(unlimited_server.base_url, "/agent", {"token": agent.access_token}, 4096)
    tab = Peer(unlimited_server.base_url, "/visitor", name="visitor")
    try:
        tab.connect({"token": visitor["token"]})
        # One at a time: each message is emitted to the desk before the next is sent.
        seqs = [tab.call("message", message(i))["message"]["seq"] for i in range(count)]
        assert seqs == list(range(1, count + 1))
        messages = desk.events("message", count)
        assert [m["seq"] for m in messages] == seqs
        assert [m["content"][:3] for m in messages] == [f"{i:03d}" for i in range(count)]
    finally:
        tab.disconnect()
        desk.close()


def message(index):
    """A visitor's message of ~400 characters that starts with its index."""
    return {"client_id": new_client_id(), "content": f"{index:03d} " + "x" * 400, "type": "text"}


def test_upgrade_from_polling_to_websocket_keeps_the_conversation(
    server, make_agent, make_visitor, connect
):
    """A client starting on polling upgrades to websocket; messages flow both ways after."""
    agent = make_agent()
    desk = connect(agent, transports=("polling", "websocket"))
    tab = connect(make_visitor(skill_group=agent.skill), transports=("polling", "websocket"))
    wait_until(lambda: (desk.transport, tab.transport) == ("websocket", "websocket"))
    first = tab.say("After the upgrade")
    assert desk.wait_for_message(first["id"])["content"] == "After the upgrade"
    reply = desk.say("Heard you", conversation_id=first["conversation_id"])
    assert tab.wait_for_message(reply["id"])["content"] == "Heard you"


GONE = (OSError, websocket.WebSocketException)  # what a write to a closed socket raises


def closed_soon(client, seconds=5):
    """True once the server closed the client's websocket within `seconds`."""
    try:
        return "closed" in client.packets(seconds)
    except GONE:  # closed while the client answered (its close frame found no one)
        return True


def send_abuse(client, abuse):
    """Send what Kefu never uses; a write may already find the socket closed."""
    try:
        if abuse == "binary event":
            client.ws.send('451-/visitor,["message",{"_placeholder":true,"num":0}]')
            client.ws.send_binary(b"\0" * 200_000)
        elif abuse == "binary frame":
            client.ws.send_binary(b"\x04" + b"\0" * 1000)
        elif abuse == "reserved disconnect":
            client.ws.send('42/visitor,["disconnect","client namespace disconnect"]')
        else:
            client.ws.send('42/visitor,["connect",{}]')
    except GONE:
        pass


def still_served(kefu):
    """A fresh visitor socket on the same worker gets its sync answered."""
    other = RawSocket(kefu.base_url, "/visitor", {"token": visitor_token(kefu)})
    try:
        other.ws.send('42/visitor,1["sync",{"after_seq":0}]')
        return any(p.startswith("43/visitor,1[") for p in other.packets(3))
    finally:
        other.close()


@pytest.mark.parametrize(
    "abuse",
    [
        # A binary event announcing an attachment, then the attachments: once buffered
        # without bound (150 frames of 200 KB grew the worker by 31 MB).
        "binary event",
        "binary frame",
        # Reserved names: `disconnect` ran the server's disconnect handler.
        "reserved disconnect",
        "reserved connect",
    ],
)
def test_a_socket_sending_what_kefu_never_uses_is_closed(unlimited_server, abuse):
    """Closed at the first such packet; the worker goes on serving everyone else."""
    client = RawSocket(
        unlimited_server.base_url, "/visitor", {"token": visitor_token(unlimited_server)}
    )
    try:
        send_abuse(client, abuse)
        assert closed_soon(client), abuse
    finally:
        client.ws.shutdown()  # no close frame: the server is gone
    assert still_served(unlimited_server)
