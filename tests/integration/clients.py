"""Clients for a running server: plain HTTP and recording Socket.IO connections."""

import re
import threading
import time
import uuid
from dataclasses import dataclass

import engineio
import requests
import socketio
from engineio import packet as eio_packet

DEFAULT_WAIT = 10.0
POLL_INTERVAL = 0.02
HTTP_TIMEOUT = 10
WEBSOCKET = ("websocket",)
POLLING = ("polling",)

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def new_client_id():
    return "c-" + uuid.uuid4().hex


def wait_until(condition, timeout=DEFAULT_WAIT, describe=lambda: ""):
    """Poll `condition` until it returns something truthy; return it or fail with a report."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s: {describe()}")
        time.sleep(POLL_INTERVAL)


# --- HTTP ---------------------------------------------------------------------------------


class Api:
    """requests against one server; `token` becomes `Authorization: Bearer <token>`."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.session = requests.Session()

    def request(self, method, path, token=None, headers=None, timeout=HTTP_TIMEOUT, **kwargs):
        headers = dict(headers or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.session.request(
            method, self.base_url + path, headers=headers, timeout=timeout, **kwargs
        )

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def expect(self, method, path, status, **kwargs):
        """Make the request, insist on `status`, return the JSON body."""
        response = self.request(method, path, **kwargs)
        assert response.status_code == status, (
            f"{method} {path}: expected {status}, got {response.status_code}: {response.text}"
        )
        return response.json()

    def close(self):
        self.session.close()


def assert_error(response, status, code):
    """The contract's error envelope, with this HTTP status and error code."""
    assert response.status_code == status, (
        f"expected {status}: {response.status_code} {response.text}"
    )
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"], body


def assert_failed_ack(ack, code):
    """A socket ack in the contract's failure shape with this error code."""
    assert isinstance(ack, dict) and ack.get("ok") is False, ack
    assert set(ack) == {"ok", "error"}, ack
    assert ack["error"]["code"] == code, ack
    assert isinstance(ack["error"]["message"], str) and ack["error"]["message"], ack


# --- accounts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentAccount:
    id: int
    email: str
    password: str
    name: str
    skills: tuple
    access_token: str
    refresh_token: str

    namespace = "/agent"

    @property
    def skill(self):
        return self.skills[0]


@dataclass(frozen=True)
class VisitorAccount:
    visitor_id: str
    secret: str | None
    token: str
    skill_group: str | None

    namespace = "/visitor"


# --- Socket.IO ----------------------------------------------------------------------------


class _InOrderEngineIO(engineio.Client):
    # engineio hands each incoming message to a new thread, so two events sent in a row
    # can be recorded out of order. Recording is cheap and never blocks: do it in the
    # reader thread, so the recorded order is the order the server sent.
    def _receive_packet(self, pkt):
        if pkt.packet_type == eio_packet.MESSAGE:
            self._trigger_event("message", pkt.data, run_async=False)
        else:
            super()._receive_packet(pkt)


class _InOrderClient(socketio.Client):
    def _engineio_client_class(self):
        return _InOrderEngineIO


class PendingAck:
    """An ack still on its way (for events sent without waiting)."""

    def __init__(self):
        self._done = threading.Event()
        self._value = None
        self.acked_at = None

    def _resolve(self, *args):
        self._value = args[0] if len(args) == 1 else list(args)
        self.acked_at = time.monotonic()
        self._done.set()

    def done(self):
        return self._done.is_set()

    def result(self, timeout=DEFAULT_WAIT):
        if not self._done.wait(timeout):
            raise AssertionError(f"no ack within {timeout}s")
        return self._value


class Peer:
    """One Socket.IO connection to /visitor or /agent that records every event it receives."""

    def __init__(self, base_url, namespace, name=None):
        self.base_url = base_url
        self.namespace = namespace
        self.name = name or namespace
        self._lock = threading.Lock()
        self._events = []  # (event, payload), in the order the server sent them
        self.connect_errors = []
        self.conversation_ids = set()  # every conversation this peer wrote to or heard of
        # Our own HTTP session (polling transport), so it is closed, not left to the collector.
        self._http = requests.Session()
        self.client = _InOrderClient(
            reconnection=False, handle_sigint=False, http_session=self._http
        )
        self.client.on("*", self._record, namespace=namespace)
        self.client.on("connect_error", self._record_connect_error, namespace=namespace)

    def _record(self, event, *args):
        payload = args[0] if len(args) == 1 else list(args)
        with self._lock:
            self._events.append((event, payload))
        if event == "conversation" and isinstance(payload, dict):
            self.conversation_ids.add(payload.get("id"))

    def _record_connect_error(self, *args):
        self.connect_errors.append(args[0] if len(args) == 1 else list(args))

    def connect(self, auth, transports=WEBSOCKET):
        self.client.connect(
            self.base_url,
            namespaces=[self.namespace],
            auth=auth,
            transports=list(transports),
            wait_timeout=DEFAULT_WAIT,
        )
        return self

    @property
    def connected(self):
        return self.client.connected

    @property
    def transport(self):
        return self.client.transport()

    def disconnect(self):
        self.client.shutdown()
        # After the server cut the connection, the client library leaves its websocket open.
        ws = getattr(self.client.eio, "ws", None)
        if ws is not None:
            ws.shutdown()  # closes the socket even when the library marked it disconnected
        self._http.close()

    # --- sending ---------------------------------------------------------------------------

    def call(self, event, data=None, timeout=DEFAULT_WAIT):
        """Send an event and return its ack."""
        try:
            ack = self.client.call(event, data, namespace=self.namespace, timeout=timeout)
        except socketio.exceptions.TimeoutError:
            raise AssertionError(f"{self.name}: no ack to {event!r} within {timeout}s") from None
        self._note_ack(ack)
        return ack

    def call_async(self, event, data=None):
        """Send an event without waiting; the returned PendingAck receives the ack."""
        pending = PendingAck()

        def resolved(*args):
            pending._resolve(*args)
            self._note_ack(pending._value)

        self.client.emit(event, data, namespace=self.namespace, callback=resolved)
        return pending

    def _note_ack(self, ack):
        if isinstance(ack, dict) and ack.get("ok") and isinstance(ack.get("message"), dict):
            self.conversation_ids.add(ack["message"]["conversation_id"])

    def say(self, content, conversation_id=None, client_id=None):
        """Send a text message; insist it is acknowledged; return the stored message."""
        payload = {"client_id": client_id or new_client_id(), "content": content, "type": "text"}
        if conversation_id is not None:
            payload["conversation_id"] = conversation_id
        ack = self.call("message", payload)
        assert isinstance(ack, dict) and ack.get("ok") is True, f"{self.name}: {ack}"
        return ack["message"]

    def sync(self, after_seq=0, conversation_id=None):
        payload = {"after_seq": after_seq}
        if conversation_id is not None:
            payload["conversation_id"] = conversation_id
        ack = self.call("sync", payload)
        assert isinstance(ack, dict) and ack.get("ok") is True, f"{self.name}: {ack}"
        return ack

    # --- receiving -------------------------------------------------------------------------

    def received(self, event=None):
        """Every event payload received so far (of one event name, if given)."""
        with self._lock:
            return [p for e, p in self._events if event is None or e == event]

    def events(self):
        with self._lock:
            return list(self._events)

    def wait_for(self, event, where=lambda payload: True, timeout=DEFAULT_WAIT, what=""):
        """Wait for an `event` whose payload satisfies `where`; return that payload."""

        def found():
            # Boxed, so that a falsy payload still counts as found.
            return next(((p,) for p in self.received(event) if _matches(where, p)), None)

        (payload,) = wait_until(
            found,
            timeout,
            lambda: f"{self.name} got no {event!r} {what}; received: {self._summary()}",
        )
        return payload

    def wait_for_message(self, message_id, timeout=DEFAULT_WAIT):
        return self.wait_for(
            "message",
            lambda m: m["id"] == message_id,
            timeout,
            what=f"with id {message_id}",
        )

    def _summary(self):
        lines = []
        for event, payload in self.events()[-30:]:
            text = repr(payload)
            lines.append(f"{event}: {text[:300]}")
        return "\n  " + "\n  ".join(lines) if lines else "nothing"


def _matches(where, payload):
    try:
        return bool(where(payload))
    except (KeyError, TypeError, IndexError):
        return False


def try_connect(base_url, namespace, auth, transports=WEBSOCKET):
    """Attempt a connect expected to be refused; return (exception or None, connect_error data)."""
    peer = Peer(base_url, namespace, name=f"refused {namespace}")
    try:
        peer.connect(auth, transports)
    except socketio.exceptions.ConnectionError as exc:
        return exc, peer.connect_errors
    finally:
        peer.disconnect()
    return None, peer.connect_errors
