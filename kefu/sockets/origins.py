"""Which page origins may open a socket: Kefu's own pages, and the sites allowed to embed
the widget (kefu/settings/origins.py: KEFU_CORS_ORIGINS and the admin's allowed_origins).

python-engineio stops accepting the server's own origin once an explicit list is given,
and the widget (an iframe served by Kefu) and the dashboard are Kefu's own pages: with
`KEFU_CORS_ORIGINS=https://shop.example.com` both hung. The check below always lets in the
origin the request was made to (scheme and Host, as the trusted proxies report them), and
the allowed ones; a request without an Origin header passes, as in Engine.IO (the token
check at connect is the real gate). The list is asked for only for a foreign origin, so
Kefu's own pages never wait on the settings."""

from ..settings.origins import current_embedding_origins, is_any


def socket_origins(app, allowed_now=current_embedding_origins):
    """The `cors_allowed_origins` check for python-engineio."""

    def is_allowed(origin, environ):
        if origin is None or origin == own_origin(environ):
            return True
        with app.app_context():
            allowed = allowed_now()
        return is_any(allowed) or origin in allowed

    return is_allowed


def own_origin(environ):
    """The origin the request was addressed to (after ProxyFix, with trusted proxies)."""
    host = environ.get("HTTP_HOST")
    if not host:
        return None
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
