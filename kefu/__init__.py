"""Kefu: live-chat customer service.

create_app imports Flask and friends inside the function, so that the server
entry point (kefu.__main__) can monkey-patch with gevent before any of them loads.
"""

__version__ = "0.1.0"


def create_app(config_name=None, overrides=None):
    """Build the Flask app: configuration, extensions, blueprints, namespaces, CLI."""
    from config import instance_path_from_env

    from . import factory
    from .eventcontext import KefuFlask

    app = KefuFlask(__name__, instance_path=instance_path_from_env(), instance_relative_config=True)
    factory.init_config(app, config_name, overrides)
    factory.init_logging(app)
    factory.init_extensions(app)
    factory.init_state(app)
    factory.init_errors(app)
    factory.init_http(app)
    return app
