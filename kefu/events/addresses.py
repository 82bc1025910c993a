"""Where a webhook may send: the SSRF guard (PROTOCOL.md section 9).

A webhook URL is http(s) with a host. Unless KEFU_WEBHOOK_ALLOW_PRIVATE is set, every
address its host resolves to must be public: loopback, private, link-local (the cloud
metadata service at 169.254.169.254), shared, reserved and multicast ranges are refused.
The check runs when the webhook is saved and again before every connection, and the
delivery connects to the very address that was checked, so a name that resolves to a
public address at creation and to an internal one later (DNS rebinding) is refused.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import InvalidPayload

SCHEMES = {"http": 80, "https": 443}


class RefusedAddress(Exception):
    """The URL may not be delivered to; the message says why."""


@dataclass(frozen=True)
class Target:
    """A webhook URL taken apart: what to connect to and what to ask for."""

    scheme: str
    host: str  # as written (a name, or an address without brackets)
    port: int
    path: str  # with the query


def parse_url(url):
    """The Target of a webhook URL, or InvalidPayload saying what is wrong."""
    if not isinstance(url, str) or len(url) > 2048:
        raise InvalidPayload("url must be an http(s) URL.", code="invalid_field", field="url")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise InvalidPayload("url is not a valid URL.", code="invalid_field", field="url") from None
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise InvalidPayload(
            "url must be an http:// or https:// URL with a host.", code="invalid_field", field="url"
        )
    if parts.username or parts.password:
        raise InvalidPayload(
            "url may not carry a user name or password; verify the signature instead.",
            code="invalid_field",
            field="url",
        )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port or SCHEMES[parts.scheme], path)


def is_public(address):
    """Whether an IP address is on the public internet."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(target, allow_private):
    """The addresses to connect to for `target`, all of them allowed; RefusedAddress when
    the name does not resolve or any address it resolves to is not allowed (one internal
    address among public ones is how rebinding attacks hide)."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RefusedAddress(f"{target.host} does not resolve ({exc})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not allow_private:
        refused = [a for a in addresses if not is_public(a)]
        if refused:
            raise RefusedAddress(
                f"{target.host} resolves to {refused[0]}, a private, loopback or link-local "
                "address (KEFU_WEBHOOK_ALLOW_PRIVATE=1 allows on-premise receivers)"
            )
    return addresses


def check_url(url, allow_private):
    """Refuse a webhook URL at creation: InvalidPayload on `url` with the reason."""
    target = parse_url(url)
    if allow_private:  # any address will do, so a name need not resolve yet
        return target
    try:
        resolve(target, allow_private)
    except RefusedAddress as exc:
        raise InvalidPayload(
            f"url is not allowed: {exc}.", code="webhook_url_refused", field="url"
        ) from None
    return target
