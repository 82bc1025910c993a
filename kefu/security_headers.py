"""Security headers, set by the server on every response.

The pages' Content-Security-Policy was a <meta> tag, where browsers ignore
`frame-ancestors`: any site could frame the dashboard (clickjacking). Here:
- every response: `X-Content-Type-Options: nosniff`;
- the dashboard: a CSP that allows only Kefu's own scripts, styles and connections, and
  `frame-ancestors 'none'` with `X-Frame-Options: DENY` for older browsers;
- the widget frame: the same CSP, framed only by Kefu itself and the sites allowed to embed
  the widget (KEFU_CORS_ORIGINS and the admin's allowed_origins, read per request);
- over HTTPS (a TLS proxy declared with KEFU_TRUSTED_PROXIES): HSTS for a year.
"""

from flask import request

from .settings.origins import current_embedding_origins, is_any

# img-src blob:: a picked image shows as a preview (URL.createObjectURL) while it uploads.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; base-uri 'none'; object-src 'none'"
)
HSTS = "max-age=31536000"


def widget_frame_ancestors(origins):
    """The `frame-ancestors` source list of the widget frame."""
    if is_any(origins):
        return "*"
    return " ".join(["'self'", *origins])


def widget_policy(origins):
    return f"{PAGE_POLICY}; form-action 'none'; frame-ancestors {widget_frame_ancestors(origins)}"


STAFF_POLICY = f"{PAGE_POLICY}; form-action 'self'; frame-ancestors 'none'"


# Staff pages never show inside another site's frame.
UNFRAMED = ("dashboard.agent_dashboard", "dashboard.admin_console", "dashboard.reports_page")


def page_policy(endpoint):
    """The Content-Security-Policy of one of Kefu's HTML pages; None for anything else."""
    if endpoint in UNFRAMED:
        return STAFF_POLICY
    if endpoint == "dashboard.widget_frame":
        return widget_policy(current_embedding_origins())
    return None


def init_security_headers(app):
    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        policy = page_policy(request.endpoint)
        if policy is not None:
            headers["Content-Security-Policy"] = policy
            if request.endpoint in UNFRAMED:
                headers["X-Frame-Options"] = "DENY"
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
