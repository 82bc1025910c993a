"""Background greenlets of a serving process, started by `kefu serve` (never the factory):
the worker's presence heartbeat, and the router's sweep (dead workers, lost agents,
skill-group fallbacks)."""

import logging

from ..chat.agent_loss import sweep
from ..extensions import db
from ..state import current_state

log = logging.getLogger(__name__)


def run_heartbeat(app, socketio):
    """Renew this worker's presence lease a few times per lease period."""
    with app.app_context():
        state = current_state()
        interval = max(1, app.config["WORKER_TTL_SECONDS"] // 3)
    while True:
        try:
            state.heartbeat()
        except Exception:  # Redis away: retry next beat; readiness reports it meanwhile
            log.exception("presence heartbeat failed")
        socketio.sleep(interval)


def run_sweeper(app, socketio):
    """Sweep every DISPATCH_SWEEP_SECONDS until the process ends."""
    interval = app.config["DISPATCH_SWEEP_SECONDS"]
    while True:
        socketio.sleep(interval)
        with app.app_context():
            try:
                current_state().reap_dead_workers()
                sweep()
            except Exception:  # one bad sweep must not end the loop
                log.exception("dispatch sweep failed")
                db.session.rollback()
            finally:
                db.session.remove()


def start_background(app, socketio):
    """Beat once now (so this worker's sockets count at once), then keep both loops going."""
    with app.app_context():
        current_state().heartbeat()
    socketio.start_background_task(run_heartbeat, app, socketio)
    socketio.start_background_task(run_sweeper, app, socketio)
