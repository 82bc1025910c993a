"""HTTP blueprints, one module each."""


def register_blueprints(app):
    """Register every blueprint, one line each."""
    from . import api_admin, api_agent, api_conversations, api_visitor, dashboard, ops

    app.register_blueprint(api_visitor.bp)
    app.register_blueprint(api_agent.bp)
    app.register_blueprint(api_conversations.bp)
    app.register_blueprint(api_admin.bp)
    app.register_blueprint(ops.bp)
    app.register_blueprint(dashboard.bp)
