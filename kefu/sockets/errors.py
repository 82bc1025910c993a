"""One error handler for every socket event: the ack carries the contract's error."""

import logging

from flask import request
from flask_socketio import ConnectionRefusedError

from ..errors import KefuError, database_unavailable
from ..extensions import db

log = logging.getLogger(__name__)

INTERNAL_ERROR = {"code": "internal_error", "message": "Something went wrong on our side."}


def ack_error(exc):
    """Turn an exception raised by an event handler into a failed ack; a database that
    cannot answer is `unavailable` (the client retries with the same client_id). During a
    connect the socket is refused with the same error instead: a value returned from a
    failed connect handler would let the socket in without an identity."""
    try:
        db.session.rollback()
    except Exception:  # the connection broke: the pool replaces it, the session is reset
        db.session.remove()
    event = getattr(request, "event", {}).get("message")
    if not isinstance(exc, KefuError):
        exc = database_unavailable(exc) or exc
    if isinstance(exc, KefuError):
        if exc.code == "unavailable":
            log.warning("socket event %r: %s", event, exc.message)
        error = exc.to_dict()["error"]
    else:
        log.exception("unexpected error in socket event %r", event, exc_info=exc)
        error = INTERNAL_ERROR
    if event == "connect":
        raise ConnectionRefusedError(error["message"], {"code": error["code"]})
    return {"ok": False, "error": error}
