"""SQL machinery: the dialect capability table, the statements of the message path, the
driver fast path, the PostgreSQL one-statement form, the message stores and the writer
(group commit). chat/ says what to store and never names a dialect."""

from flask import current_app

from .messages import store_for
from .writer import init_group_commit

EXTENSION_KEY = "kefu.message_store"


def init_storage(app):
    """Choose the message store for the app's database, and the writer."""
    app.extensions[EXTENSION_KEY] = store_for(app.config["SQLALCHEMY_DATABASE_URI"])
    init_group_commit(app)


def message_store():
    """The running app's message store."""
    return current_app.extensions[EXTENSION_KEY]
