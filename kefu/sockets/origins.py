"""Which page origins may open a socket: the configured sites beside Kefu's own pages.

python-engineio stops accepting the server's own origin once an explicit list is given,
and the widget (an iframe served by Kefu) and the dashboard are Kefu's own pages: with
`KEFU_CORS_ORIGINS=https://shop.example.com` both hung. The check below always lets in the
origin the request was made to (scheme and Host, as the trusted proxies report them), and
the configured ones; a request without an Origin header passes, as in Engine.IO (the
token check at connect is the real gate)."""


def socket_origins(configured):
    """The `cors_allowed_origins` for python-engineio: '*' as it is, else a check."""
    if configured in ("*", ["*"]):
        return "*"
    allowed = frozenset(origin.rstrip("/") for origin in configured)

    def is_allowed(origin, environ):
        if origin is None:
            return True
        return origin in allowed or origin == own_origin(environ)

    return is_allowed


def own_origin(environ):
    """The origin the request was addressed to (after ProxyFix, with trusted proxies)."""
    host = environ.get("HTTP_HOST")
    if not host:
        return None
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
