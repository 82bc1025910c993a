"""WSGI entry point for gunicorn: `gunicorn -k gevent -w 1 wsgi:app` (one worker per process).

Run `kefu init-db` first: this entry point does not migrate.
"""

from gevent import monkey

monkey.patch_all()

from kefu import create_app  # noqa: E402
from kefu.extensions import socketio  # noqa: E402
from kefu.server import prepare  # noqa: E402

app = create_app()
# Engine.IO tuning, the frozen heap, presence heartbeat and the router's sweep: as kefu serve.
prepare(app, socketio)
