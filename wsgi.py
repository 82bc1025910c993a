"""WSGI entry point for gunicorn: `gunicorn -k gevent -w 1 wsgi:app` (one worker per process).

Run `kefu init-db` first: this entry point does not migrate.
"""

from gevent import monkey

monkey.patch_all()

from kefu import create_app, eiotune, wsfast  # noqa: E402
from kefu.dispatch.background import start_background  # noqa: E402
from kefu.extensions import socketio  # noqa: E402
from kefu.gcwatch import settle_heap, watch_gc  # noqa: E402

app = create_app()
# Presence heartbeat and the router's sweep run in every serving process.
wsfast.install()
eiotune.install(socketio)
watch_gc()
settle_heap()
start_background(app, socketio)
