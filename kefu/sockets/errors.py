"""One error handler for every socket event: the ack carries the contract's error."""

import logging

from flask import request

from ..errors import KefuError
from ..extensions import db

log = logging.getLogger(__name__)


def ack_error(exc):
    """Turn an exception raised by an event handler into a failed ack."""
    db.session.rollback()
    if isinstance(exc, KefuError):
        return {"ok": False, **exc.to_dict()}
    event = getattr(request, "event", {}).get("message")
    log.exception("unexpected error in socket event %r", event, exc_info=exc)
    return {
        "ok": False,
        "error": {"code": "internal_error", "message": "Something went wrong on our side."},
    }
