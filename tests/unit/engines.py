"""Fixtures on every engine Kefu runs on, for tests whose SQL differs by dialect: an empty
database's URL, and an `app` on it (import it into a test module to override the
SQLite-only one)."""

import pytest

from config import normalize_database_url

from ..conftest import testing_app
from ..services import create_database

ENGINES = ("sqlite", "postgresql", "mariadb")


@pytest.fixture(name="database_url", params=ENGINES)
def empty_database(request, tmp_path):
    """An empty database on each engine, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kefu.db'}"
        return
    url, drop = create_database(request.param)
    yield url
    drop()


@pytest.fixture(name="app")
def app_on_every_engine(database_url):
    yield from testing_app(normalize_database_url(database_url))
