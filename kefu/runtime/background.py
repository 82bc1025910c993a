"""Background greenlets of a serving process, started by `kefu serve` (never the factory):
the worker's presence heartbeat, the router's sweep (dead workers, lost agents,
skill-group fallbacks), the revalidation of agent sockets, auto-close, the mail sweep, and
the webhooks' relay and deliveries (kefu/events)."""

import logging

from ..chat.agent_loss import sweep
from ..chat.auto_close import close_inactive
from ..events.relay import run_relay
from ..events.supervisor import run_deliveries
from ..extensions import db
from ..mail.sweep import send_due
from ..sockets.revalidate import close_stale_agent_sockets
from ..state import current_state

log = logging.getLogger(__name__)
# Inactivity is counted in minutes: a look every half minute is soon enough.
AUTO_CLOSE_SECONDS = 30


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


def run_every(app, socketio, interval, work, what):
    """Run `work()` in an app context every `interval` seconds until the process ends; one
    failure is logged and never ends the loop."""
    while True:
        socketio.sleep(interval)
        with app.app_context():
            try:
                work()
            except Exception:
                log.exception("%s failed", what)
                db.session.rollback()
            finally:
                db.session.remove()


def sweep_once():
    """The router's sweep: dead workers' presence, lost agents, fallbacks, a stalled queue."""
    current_state().reap_dead_workers()
    sweep()


def revalidate_once(socketio):
    """Close this worker's agent sockets whose session ended (on any worker)."""
    closed = close_stale_agent_sockets(socketio)
    if closed:
        log.warning("closed %d agent socket(s) whose session ended", closed)


def start_background(app, socketio):
    """Beat once now (so this worker's sockets count at once), then keep both loops going."""
    with app.app_context():
        current_state().heartbeat()
    socketio.start_background_task(run_heartbeat, app, socketio)
    socketio.start_background_task(
        run_every, app, socketio, app.config["DISPATCH_SWEEP_SECONDS"], sweep_once, "sweep"
    )
    socketio.start_background_task(
        run_every,
        app,
        socketio,
        app.config["REVALIDATE_SECONDS"],
        lambda: revalidate_once(socketio),
        "agent socket revalidation",
    )
    socketio.start_background_task(
        run_every, app, socketio, AUTO_CLOSE_SECONDS, close_inactive, "auto-close"
    )
    socketio.start_background_task(run_relay, app, socketio.sleep)
    socketio.start_background_task(
        run_deliveries, app, socketio.start_background_task, socketio.sleep
    )
    if app.config.get("SMTP_URL"):
        socketio.start_background_task(
            run_every, app, socketio, app.config["MAIL_SWEEP_SECONDS"], send_due, "mail sweep"
        )
