"""What each database can do, decided once per dialect: the one place that names them.

The message store, the writer and the driver path read a Capabilities, never a dialect
name, so a use case in chat/ never asks which database it runs on."""

from dataclasses import dataclass

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url


@dataclass(frozen=True)
class Capabilities:
    name: str
    # UPDATE … RETURNING: the seq bump answers the new seq in the same round trip.
    update_returning: bool
    # DirectStatement may call the DB-API driver itself (SQLite's, psycopg).
    driver_path: bool
    # The dialect's insert() with ON CONFLICT DO NOTHING, where a partial unique index keeps
    # one active conversation per visitor (models.py); None: lock the visitor row instead.
    insert_on_conflict: object | None
    # A visitor's message in an active conversation as one statement (data-modifying CTEs).
    message_in_one_statement: bool
    # One writer at a time (a file database): group commit runs one writer, not several.
    single_writer: bool


SQLITE = Capabilities(
    "sqlite",
    update_returning=True,
    driver_path=True,
    insert_on_conflict=sqlite.insert,
    message_in_one_statement=False,  # no DML inside a CTE
    single_writer=True,
)
POSTGRESQL = Capabilities(
    "postgresql",
    update_returning=True,
    driver_path=True,
    insert_on_conflict=postgresql.insert,
    message_in_one_statement=True,
    single_writer=False,
)
MYSQL = Capabilities(
    "mysql",
    update_returning=False,
    driver_path=False,
    insert_on_conflict=None,
    message_in_one_statement=False,
    single_writer=False,
)
_BY_NAME = {"sqlite": SQLITE, "postgresql": POSTGRESQL, "mysql": MYSQL, "mariadb": MYSQL}


def capabilities(dialect_name):
    """The Capabilities of a dialect by SQLAlchemy's name for it."""
    try:
        return _BY_NAME[dialect_name]
    except KeyError:
        raise ValueError(f"Kefu does not support the {dialect_name!r} database") from None


def capabilities_of_url(database_url):
    """The Capabilities of the database a URL names."""
    return capabilities(make_url(database_url).get_backend_name())
