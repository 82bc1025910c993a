"""The migrations build exactly the schema the models describe, on every database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kefu import create_app
from kefu.cli import schema_is_current, upgrade_schema
from kefu.extensions import db
from kefu.models import in_schema_of

from .engines import empty_database  # noqa: F401  (`database_url` on each engine)


def test_upgrade_matches_models_and_is_idempotent(database_url):
    from config import normalize_database_url

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": normalize_database_url(database_url)})
    assert not schema_is_current(app)
    upgrade_schema(app)
    upgrade_schema(app)  # a second run changes nothing
    assert schema_is_current(app)
    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_object": in_schema_of(connection.dialect.name)}
            )
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == []
