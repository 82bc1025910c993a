"""Kefu: live-chat customer service.

create_app imports Flask and friends inside the function, so that the server
entry point (kefu.__main__) can monkey-patch with gevent before any of them loads.
"""

__version__ = "0.1.0"


def create_app(config_name=None, overrides=None):
    """Build the Flask app: configuration, extensions, blueprints, namespaces, CLI."""
    from config import instance_path_from_env

    from . import setup
    from .eventcontext import KefuFlask

    app = KefuFlask(__name__, instance_path=instance_path_from_env(), instance_relative_config=True)
    setup.init_config(app, config_name, overrides)
    setup.init_logging(app)
    setup.init_extensions(app)
    setup.init_state(app)
    setup.init_errors(app)
    setup.init_http(app)
    return app
