"""The router's background greenlet, started by `kefu serve` (never by the factory)."""

import logging

from ..extensions import db
from .redispatch import sweep

log = logging.getLogger(__name__)


def run_sweeper(app, socketio):
    """Sweep every DISPATCH_SWEEP_SECONDS until the process ends."""
    interval = app.config["DISPATCH_SWEEP_SECONDS"]
    while True:
        socketio.sleep(interval)
        with app.app_context():
            try:
                sweep()
            except Exception:  # one bad sweep must not end the loop
                log.exception("dispatch sweep failed")
                db.session.rollback()
            finally:
                db.session.remove()


def start_sweeper(app, socketio):
    return socketio.start_background_task(run_sweeper, app, socketio)
