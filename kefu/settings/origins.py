"""Which sites may embed the widget and open sockets: KEFU_CORS_ORIGINS, known at start-up,
with the admin's `allowed_origins` setting, changed at run time. A stored list narrows "*"
(any site, the default) to itself, and adds to an explicit KEFU_CORS_ORIGINS list."""

import logging

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .store import current_settings

log = logging.getLogger(__name__)


def is_any(origins):
    return origins in ("*", ["*"])


def embedding_origins(configured, stored):
    """ "*" or the list of origins allowed, from the configured and the stored lists."""
    stored = [origin.rstrip("/") for origin in stored or []]
    if is_any(configured):
        return stored or "*"
    configured = [origin.rstrip("/") for origin in configured]
    return list(dict.fromkeys(configured + stored))


def current_embedding_origins():
    """embedding_origins in force (settings at most a second old). A database that cannot
    be read leaves the configured list in force rather than refuse every site."""
    try:
        stored = current_settings().allowed_origins
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.warning("allowed_origins unreadable, using KEFU_CORS_ORIGINS alone: %s", exc)
        stored = []
    return embedding_origins(current_app.config["CORS_ORIGINS"], stored)
