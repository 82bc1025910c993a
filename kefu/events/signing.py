"""The webhook signature: `Kefu-Signature: t=<unix seconds>,v1=<hex>` where the hex is
HMAC-SHA256 keyed with the secret's UTF-8 bytes over "<t>.<raw body>" (PROTOCOL.md
section 9). While a rotated-out secret is still in its overlap, the header carries a v1 for
each secret, so a receiver that still knows only the old one keeps verifying."""

import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret, timestamp, body):
    """The hex HMAC-SHA256 of "<timestamp>.<body>" (body: bytes)."""
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def header(secrets_in_use, timestamp, body):
    """The Kefu-Signature value for `body` signed with each secret in use."""
    parts = [f"t={int(timestamp)}"]
    parts += [f"v1={signature(secret, timestamp, body)}" for secret in secrets_in_use]
    return ",".join(parts)


def verify(secret, header_value, body, now, tolerance=300):
    """What a receiver does (docs/webhooks.md shows it standalone): True when one v1 of the
    header matches and its timestamp is within `tolerance` seconds of `now`."""
    fields = [part.partition("=") for part in header_value.split(",")]
    stamps = [value for key, _, value in fields if key == "t"]
    if len(stamps) != 1 or not stamps[0].isdigit():
        return False
    timestamp = int(stamps[0])
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, value) for key, _, value in fields if key == "v1")
