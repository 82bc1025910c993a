"""SQLAlchemy: the guard of the storage driver path (DirectStatement).

DirectStatement compiles a statement once and then calls the DB-API driver itself, reading
the compiled form's bind names, positional order, escaped names and insert defaults: parts
of SQLAlchemy's compiler that are not a public API. They are attributes, not functions, so
no source fingerprint is kept; tests/unit/test_direct.py compares every statement's result
with Core's instead, on SQLite, PostgreSQL and MariaDB. On a release not listed here the
statements run through Core (DirectStatement asks `kefu.patches.allowed("sqlalchemy")`)."""

LIBRARY = "SQLAlchemy"
VERSIONS = frozenset({"2.1.9"})
UPSTREAM = {}


def install(socketio=None):
    """Nothing to patch: DirectStatement looks at the verdict itself."""
    return True
