"""Security headers, set by the server on every response.

The pages' Content-Security-Policy was a <meta> tag, where browsers ignore
`frame-ancestors`: any site could frame the dashboard (clickjacking). Here:
- every response: `X-Content-Type-Options: nosniff`;
- the dashboard: a CSP that allows only Kefu's own scripts, styles and connections, and
  `frame-ancestors 'none'` with `X-Frame-Options: DENY` for older browsers;
- the widget frame: the same CSP, framed only by Kefu itself and the configured sites
  (KEFU_CORS_ORIGINS, the sites embedding the widget);
- over HTTPS (a TLS proxy declared with KEFU_TRUSTED_PROXIES): HSTS for a year.
"""

from flask import request

# img-src blob:: a picked image shows as a preview (URL.createObjectURL) while it uploads.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; base-uri 'none'; object-src 'none'"
)
HSTS = "max-age=31536000"


def widget_frame_ancestors(origins):
    """The `frame-ancestors` source list of the widget frame."""
    if origins in ("*", ["*"]):
        return "*"
    return " ".join(["'self'", *origins])


def page_policies(config):
    """{endpoint: Content-Security-Policy} of Kefu's HTML pages."""
    ancestors = widget_frame_ancestors(config["CORS_ORIGINS"])
    return {
        "dashboard.agent_dashboard": f"{PAGE_POLICY}; form-action 'self'; frame-ancestors 'none'",
        "dashboard.widget_frame": f"{PAGE_POLICY}; form-action 'none'; frame-ancestors {ancestors}",
    }


def init_security_headers(app):
    policies = page_policies(app.config)

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        policy = policies.get(request.endpoint)
        if policy is not None:
            headers["Content-Security-Policy"] = policy
            if request.endpoint == "dashboard.agent_dashboard":
                headers["X-Frame-Options"] = "DENY"
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
