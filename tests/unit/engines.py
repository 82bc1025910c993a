"""An `app` fixture on every engine Kefu runs on, for tests of statements whose SQL differs
by dialect: import it into a test module to override the SQLite-only one."""

import pytest

from config import normalize_database_url
from kefu import create_app
from kefu.extensions import db

from ..services import create_database

ENGINES = ("sqlite", "postgresql", "mariadb")


@pytest.fixture(name="app", params=ENGINES)
def app_on_every_engine(request, tmp_path):
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'kefu.db'}", None
    else:
        url, drop = create_database(request.param)
    app = create_app(
        "testing",
        {"SQLALCHEMY_DATABASE_URI": normalize_database_url(url), "IDENTITY_SECRET": "idsec"},
    )
    try:
        with app.app_context():
            db.create_all()
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        if drop is not None:
            drop()
