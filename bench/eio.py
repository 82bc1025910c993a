"""A lean Socket.IO v5 / Engine.IO v4 client over a raw websocket (asyncio).

The load generator must cost less than the server it measures, so it speaks the wire
protocol directly: no polling handshake, no reconnection logic, one task per socket.

Packets used: Engine.IO `0` open, `1` close, `2` ping, `3` pong, `4` message; Socket.IO
`0` connect, `2` event, `3` ack, `4` connect error, each as `4<type>/<namespace>,<id><json>`.
"""

import asyncio
import json
import socket

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed


class ConnectRefused(Exception):
    """The namespace refused the connection (Socket.IO connect error)."""


class Socket:
    """One Engine.IO websocket with one Socket.IO namespace on it."""

    def __init__(self, base_url, namespace, on_event=None, decode=None):
        self.url = base_url.replace("http://", "ws://", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.namespace = namespace
        self.on_event = on_event  # on_event(name, data), called for server-sent events
        # The events whose data on_event needs (None: all). The others' JSON is not decoded:
        # a dispatch storm sends each agent every agent and queue event, and decoding them
        # all made the load generator cost as much as a worker.
        self.decode = decode
        self.ws = None
        self.closed_by_server = False
        self._acks = {}
        self._next_id = 0
        self._reader = None
        self._connected = None

    async def open(self, auth, local_addr=None, compression=None, timeout=30):
        """Open the websocket and the namespace; raise ConnectRefused or OSError on failure."""
        kwargs = {"local_addr": (local_addr, 0)} if local_addr else {}
        self.ws = await asyncio.wait_for(
            connect(
                self.url,
                compression=compression,
                ping_interval=None,  # Engine.IO pings at the application level
                max_size=2**22,
                open_timeout=timeout,
                close_timeout=1,
                **kwargs,
            ),
            timeout,
        )
        # Idle sockets should not hold large kernel buffers in the client.
        sock = self.ws.transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        opening = await asyncio.wait_for(self.ws.recv(), timeout)
        if not opening.startswith("0"):
            raise ConnectRefused(f"unexpected Engine.IO open packet {opening[:40]!r}")
        self._connected = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read())
        await self.ws.send(f"40{self.namespace}," + json.dumps(auth, separators=(",", ":")))
        await asyncio.wait_for(self._connected, timeout)

    async def _read(self):
        try:
            async for frame in self.ws:
                if isinstance(frame, bytes):
                    continue
                kind = frame[:1]
                if kind == "2":
                    await self.ws.send("3")
                elif kind == "4":
                    self._packet(frame[1:])
                elif kind == "1":
                    break
        except ConnectionClosed:
            pass
        finally:
            self.closed_by_server = True
            if self._connected is not None and not self._connected.done():
                self._connected.set_exception(ConnectRefused("closed during connect"))
            for future in self._acks.values():
                if not future.done():
                    future.set_exception(ConnectionError("socket closed"))
            self._acks.clear()

    def _packet(self, packet):
        kind, rest = packet[:1], packet[1:]
        if rest.startswith(self.namespace):
            rest = rest[len(self.namespace) + 1 :]
        if kind == "0":
            if not self._connected.done():
                self._connected.set_result(json.loads(rest) if rest else {})
            return
        if kind == "4":
            if not self._connected.done():
                self._connected.set_exception(ConnectRefused(rest))
            return
        digits = 0
        while digits < len(rest) and rest[digits].isdigit():
            digits += 1
        ack_id = int(rest[:digits]) if digits else None
        if kind == "2":
            self._event(rest[digits:])
            return
        body = json.loads(rest[digits:]) if rest[digits:] else []
        if kind == "3" and ack_id is not None:
            future = self._acks.pop(ack_id, None)
            if future is not None and not future.done():
                future.set_result(body[0] if body else None)

    def _event(self, payload):
        if self.on_event is None or not payload.startswith('["'):
            return
        name = payload[2 : payload.index('"', 2)]  # event names hold no quotes
        if self.decode is not None and name not in self.decode:
            self.on_event(name, None)
            return
        body = json.loads(payload)
        self.on_event(name, body[1] if len(body) > 1 else None)

    async def dropped(self):
        """Return once the connection has ended (closed by the server or the network)."""
        await asyncio.wait([self._reader])

    async def emit(self, event, data):
        """Send an event without waiting for its acknowledgement."""
        await self.ws.send(f"42{self.namespace}," + json.dumps([event, data]))

    async def call(self, event, data, timeout=30):
        """Send an event and return its acknowledgement."""
        self._next_id += 1
        ack_id = self._next_id
        future = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        await self.ws.send(f"42{self.namespace},{ack_id}" + json.dumps([event, data]))
        return await asyncio.wait_for(future, timeout)

    async def close(self):
        if self.ws is not None:
            try:
                await self.ws.close()
            except Exception:  # closing a socket the server already dropped
                pass
        if self._reader is not None:
            self._reader.cancel()
