"""A TCP fault proxy on loopback, in front of one service (PostgreSQL, Redis, a Kefu worker).

Modes, switched at any time with `proxy.mode(...)`:

- `forward`: bytes go both ways as they come;
- `blackhole`: nothing moves and nothing is closed (a network partition): open connections
  hang, new ones are accepted and wait; what was sent arrives once forwarding resumes;
- `delay(seconds, after=n)`: every chunk a client sends, past the first `n` of its
  connection, waits that long before it goes on: a server answering each query that much
  later (PostgreSQL's handshake is two chunks without TLS: `after=2` leaves connecting fast);
- `refuse`: every open connection is reset and new ones are reset at once (a stopped
  server);
- `one_way`: what clients send goes on, what the server answers is dropped (a reply lost
  on the way, e.g. an ack after the commit).

Threads, not gevent: the tests are not monkey-patched. Bounded: the proxy stops by itself
after `lifetime` seconds, and `stop()` (the context manager's exit) ends every thread.
"""

import select
import socket
import struct
import threading
import time

FORWARD = "forward"
BLACKHOLE = "blackhole"
DELAY = "delay"
REFUSE = "refuse"
ONE_WAY = "one_way"
MODES = (FORWARD, BLACKHOLE, DELAY, REFUSE, ONE_WAY)

TICK = 0.02  # how often a waiting thread looks at the mode again
CHUNK = 65536


def _reset(sock):
    """Close with a TCP reset, as a stopped server's kernel answers."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class FaultProxy:
    """Listen on a free loopback port; relay to (host, port) according to the mode."""

    def __init__(self, target_host, target_port, lifetime=600.0, name="proxy"):
        self.target = (target_host, target_port)
        self.name = name
        self._mode = FORWARD
        self._delay = 0.0
        self._delay_after = 0
        self._changed = threading.Condition()
        self._pairs = set()  # (client socket, server socket)
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)
        self._listener.settimeout(TICK * 5)
        self.port = self._listener.getsockname()[1]
        self.accepted = 0
        self._deadline = time.monotonic() + lifetime
        self._threads = [threading.Thread(target=self._accept_forever, daemon=True)]
        self._threads[0].start()

    # --- control ----------------------------------------------------------------------------

    def mode(self, mode, seconds=0.0, after=0):
        """Switch to `mode` (`delay` takes `seconds` and `after`); `refuse` resets every
        open connection."""
        if mode not in MODES:
            raise ValueError(mode)
        with self._changed:
            self._mode, self._delay, self._delay_after = mode, float(seconds), after
            self._changed.notify_all()
        if mode == REFUSE:
            self.reset_all()

    @property
    def current(self):
        return self._mode

    def reset_all(self):
        """Reset every open connection (both sides), whatever the mode."""
        with self._lock:
            pairs, self._pairs = list(self._pairs), set()
        for pair in pairs:
            for sock in pair:
                _reset(sock)

    def open_connections(self):
        with self._lock:
            return len(self._pairs)

    def stop(self):
        self._stopped.set()
        with self._changed:
            self._changed.notify_all()
        try:
            self._listener.close()
        except OSError:
            pass
        self.reset_all()
        for thread in list(self._threads):
            thread.join(timeout=2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # --- relaying ---------------------------------------------------------------------------

    def _running(self):
        if time.monotonic() > self._deadline:
            self._stopped.set()
        return not self._stopped.is_set()

    def _wait_while_blackholed(self):
        """Return once the mode is not blackhole (or the proxy stopped)."""
        with self._changed:
            while self._mode == BLACKHOLE and self._running():
                self._changed.wait(TICK)

    def _accept_forever(self):
        while self._running():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            if self._mode == REFUSE:
                _reset(client)
                continue
            thread = threading.Thread(target=self._connect, args=(client,), daemon=True)
            self._threads.append(thread)
            thread.start()
        self._listener.close()

    def _connect(self, client):
        self._wait_while_blackholed()
        if not self._running() or self._mode == REFUSE:
            _reset(client)
            return
        try:
            server = socket.create_connection(self.target, timeout=5)
        except OSError:
            _reset(client)
            return
        for sock in (client, server):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(None)
        pair = (client, server)
        with self._lock:
            self._pairs.add(pair)
        up = threading.Thread(target=self._pump, args=(pair, client, server, True), daemon=True)
        down = threading.Thread(target=self._pump, args=(pair, server, client, False), daemon=True)
        self._threads += [up, down]
        up.start()
        down.start()

    def _pump(self, pair, source, sink, upstream):
        chunks = 0
        try:
            while self._running():
                if self._mode == BLACKHOLE:
                    self._wait_while_blackholed()
                    continue
                readable, _, _ = select.select([source], [], [], TICK)
                if not readable or self._mode == BLACKHOLE:
                    continue
                data = source.recv(CHUNK)
                if not data:
                    break
                chunks += 1
                if upstream and self._mode == DELAY and chunks > self._delay_after:
                    self._sleep(self._delay)
                if not upstream and self._mode == ONE_WAY:
                    continue
                sink.sendall(data)
        except (OSError, ValueError):
            pass  # reset by the mode, the other side or stop()
        with self._lock:
            known = pair in self._pairs
            self._pairs.discard(pair)
        if known:
            for sock in pair:
                try:
                    sock.close()
                except OSError:
                    pass

    def _sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while self._running() and time.monotonic() < deadline:
            time.sleep(min(TICK, max(0.0, deadline - time.monotonic())))
