"""One webhook's HTTP client: a POST with bounded connect and read times, no redirects
followed, at most a capped response read, over kept-alive connections to an address the
SSRF guard (addresses.py) checked. Any failure drops the connections, so the next POST
resolves and checks the name again."""

import time
from dataclasses import dataclass

import urllib3

from .addresses import RefusedAddress, parse_url, resolve

USER_AGENT = "Kefu-Webhooks/1"
READ_CHUNK = 16384


@dataclass(frozen=True)
class Outcome:
    """A POST's result: the status code (None when no response came) and why it failed."""

    status: int | None
    error: str | None = None

    @property
    def delivered(self):
        return self.status is not None and 200 <= self.status < 300


class Sender:
    def __init__(self, url, *, allow_private, connect_timeout, read_timeout, max_response_bytes):
        self.target = parse_url(url)
        self.allow_private = allow_private
        self.timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)
        # A receiver that drips its answer still ends within this.
        self.deadline_seconds = connect_timeout + 2 * read_timeout
        self.max_response_bytes = max_response_bytes
        self._pool = None

    def post(self, body, headers):
        """POST `body` (bytes) with `headers`; the Outcome."""
        started = time.monotonic()
        try:
            pool = self._pool or self._connect()
            response = pool.urlopen(
                "POST",
                self.target.path,
                body=body,
                headers={**self._headers(), **headers},
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except RefusedAddress as exc:
            return self._failed(None, f"refused: {exc}")
        except urllib3.exceptions.HTTPError as exc:
            return self._failed(None, _reason(exc))
        try:
            complete = self._read_capped(response, started)
        except urllib3.exceptions.HTTPError as exc:
            response.close()
            return self._failed(response.status, _reason(exc))
        if complete:
            response.release_conn()
        else:  # the rest is not worth reading: this connection is not reused
            response.close()
        if 300 <= response.status < 400:
            return self._failed(response.status, "redirects are not followed")
        if not 200 <= response.status < 300:
            return self._failed(response.status, f"HTTP {response.status}")
        return Outcome(response.status)

    def close(self):
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _connect(self):
        address = resolve(self.target, self.allow_private)[0]
        options = {"timeout": self.timeout, "maxsize": 1, "retries": False, "block": False}
        if self.target.scheme == "https":
            self._pool = urllib3.HTTPSConnectionPool(
                address,
                self.target.port,
                server_hostname=self.target.host,
                assert_hostname=self.target.host,
                cert_reqs="CERT_REQUIRED",
                **options,
            )
        else:
            self._pool = urllib3.HTTPConnectionPool(address, self.target.port, **options)
        return self._pool

    def _headers(self):
        default_port = 443 if self.target.scheme == "https" else 80
        host = f"[{self.target.host}]" if ":" in self.target.host else self.target.host
        if self.target.port != default_port:
            host += f":{self.target.port}"
        return {"Host": host, "User-Agent": USER_AGENT, "Content-Type": "application/json"}

    def _read_capped(self, response, started):
        """Read at most max_response_bytes of the answer; True when that was all of it."""
        remaining = self.max_response_bytes
        while remaining > 0:
            if time.monotonic() - started > self.deadline_seconds:
                raise urllib3.exceptions.ReadTimeoutError(None, None, "answer too slow")
            chunk = response.read(min(READ_CHUNK, remaining))
            if not chunk:
                return True
            remaining -= len(chunk)
        return False

    def _failed(self, status, error):
        self.close()
        return Outcome(status, error[:255])


def _reason(exc):
    """A short reason for the delivery log (urllib3 nests the socket's error)."""
    reason = getattr(exc, "reason", None) or exc
    return f"{type(reason).__name__}: {reason}"
