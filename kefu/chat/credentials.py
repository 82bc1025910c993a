"""Secrets: agent passwords (argon2id), visitor secrets and API keys (random, hashed)."""

import hashlib
import hmac
import secrets

import gevent
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from gevent import monkey

_hasher = PasswordHasher()
# KEFU_PASSWORD_HASHING=fast-for-tests: argon2's cheapest parameters, so a suite that makes
# thousands of agents does not spend minutes hashing. Production refuses it (config.py); a
# hash records its own parameters, so either kind verifies under either setting.
_fast_hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
# Verified against when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("kefu-no-such-agent")

API_KEY_PREFIX = "kefu_"


def off_the_loop(function, *args):
    """Run `function` in gevent's thread pool when this process serves on gevent: argon2
    spends tens of milliseconds of CPU without the GIL, and on the loop it would hold up
    every socket of the worker for each login (gevent's blocking detector showed it)."""
    if not monkey.is_module_patched("threading"):
        return function(*args)
    return gevent.get_hub().threadpool.apply(function, args)


def hash_password(password):
    fast = current_app and current_app.config.get("PASSWORD_HASHING") == "fast-for-tests"
    return off_the_loop((_fast_hasher if fast else _hasher).hash, password)


def _matches(password_hash, password):
    # A mismatch is an answer, not an error: raised in the thread pool, gevent would print
    # its traceback to the log for every mistyped password.
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_password(password_hash, password):
    """Check a password; with no hash (unknown email) spend the same time and fail."""
    return off_the_loop(_matches, password_hash or _DUMMY_HASH, password) and bool(password_hash)


def new_visitor_id():
    return "v_" + secrets.token_urlsafe(18)


def new_secret():
    return secrets.token_urlsafe(32)


def new_api_key():
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def digest(secret):
    """sha256 of a long random secret: enough, since it cannot be guessed."""
    return hashlib.sha256(secret.encode()).hexdigest()


def digests_match(secret, expected_digest):
    return expected_digest is not None and hmac.compare_digest(digest(secret), expected_digest)


def user_hash(identity_secret, user_id):
    """What a customer's backend computes: hex HMAC-SHA256(identity secret, user_id)."""
    return hmac.new(identity_secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def user_hash_matches(identity_secret, user_id, given):
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError, a 500).
    expected = user_hash(identity_secret, user_id).encode()
    return hmac.compare_digest(expected, (given or "").lower().encode("utf-8", "replace"))
