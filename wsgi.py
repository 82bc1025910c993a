"""WSGI entry point for gunicorn, one worker per process (docs/deploy.md):
`gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker -w 1 wsgi:app`.

Run `kefu init-db` first: this entry point does not migrate.
"""

from gevent import monkey

monkey.patch_all()

from kefu import create_app  # noqa: E402
from kefu.extensions import socketio  # noqa: E402
from kefu.runtime.server import prepare  # noqa: E402

app = create_app()
# The library patches, the frozen heap, presence heartbeat and the routing sweep: as kefu serve.
prepare(app, socketio)
