"""WSGI entry point for gunicorn: `gunicorn -k gevent -w 1 wsgi:app` (one worker per process)."""

from gevent import monkey

monkey.patch_all()

from kefu import create_app  # noqa: E402

app = create_app()
