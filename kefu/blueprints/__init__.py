"""HTTP blueprints, one module each."""

from werkzeug.routing import IntegerConverter


class IdConverter(IntegerConverter):
    """`<id:name>`: a row id, 1 to 2^63 − 1; anything larger is simply not found (the
    plain int converter let it reach the database driver: an OverflowError, a 500)."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**63 - 1)


def register_blueprints(app):
    """Register every blueprint, one line each."""
    from . import (
        api_admin,
        api_agent,
        api_attachments,
        api_canned,
        api_conversations,
        api_reports,
        api_settings,
        api_visitor,
        api_webhooks,
        api_widget,
        dashboard,
        ops,
    )

    app.url_map.converters["id"] = IdConverter
    app.register_blueprint(api_visitor.bp)
    app.register_blueprint(api_agent.bp)
    app.register_blueprint(api_conversations.bp)
    app.register_blueprint(api_attachments.bp)
    app.register_blueprint(api_reports.bp)
    app.register_blueprint(api_admin.bp)
    app.register_blueprint(api_settings.bp)
    app.register_blueprint(api_canned.bp)
    app.register_blueprint(api_widget.bp)
    app.register_blueprint(api_webhooks.bp)
    app.register_blueprint(ops.bp)
    app.register_blueprint(dashboard.bp)
