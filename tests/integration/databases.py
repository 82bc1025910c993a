"""Throw-away databases on the three engines Kefu supports, and direct connections to them."""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass

from psycopg.conninfo import conninfo_to_dict

# Where the services are, and skip-outside-CI / fail-in-CI: shared with the rest of the suite.
from ..services import MARIADB_HOST, PG_ADMIN_URL, unavailable

KINDS = ("sqlite", "postgresql", "mariadb")

_PG = conninfo_to_dict(PG_ADMIN_URL)
PG_HOST = _PG.get("host", "127.0.0.1")
PG_PORT = int(_PG.get("port", 5432))
PG_USER = _PG.get("user", "postgres")
PG_ADMIN_DB = _PG.get("dbname", "test")
MARIADB_PORT, MARIADB_USER = 3306, "root"
CONNECT_TIMEOUT = 5


@dataclass(frozen=True)
class Database:
    kind: str
    url: str  # what the server gets as KEFU_DATABASE_URL
    name: str | None = None  # server-side database name (None for SQLite)

    def connect(self, autocommit=False):
        """Open a direct DB-API connection to this database (transactional by default)."""
        if self.kind == "postgresql":
            import psycopg

            return psycopg.connect(
                host=PG_HOST,
                port=PG_PORT,
                user=PG_USER,
                dbname=self.name,
                autocommit=autocommit,
                connect_timeout=CONNECT_TIMEOUT,
            )
        if self.kind == "mariadb":
            return _mariadb_connect(database=self.name, autocommit=autocommit)
        raise ValueError(f"no direct connection helper for {self.kind}")

    def waiting_for_lock_count(self, monitor):
        """How many server sessions of this database wait on a row lock right now."""
        if self.kind == "postgresql":
            row = monitor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = %s AND wait_event_type = 'Lock' AND pid <> pg_backend_pid() "
                # The seq bump: a statement of its own, or inside the one-statement
                # message (kefu/storage/postgres_message.py).
                "AND query LIKE '%%UPDATE conversations SET%%'",
                (self.name,),
            ).fetchone()
            return row[0]
        # MariaDB's INNODB_TRX does not reliably list the waiting transaction; a session of
        # this database still executing the seq bump is one that waits, as it takes
        # milliseconds otherwise.
        with monitor.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                "WHERE DB = %s AND COMMAND = 'Query' AND ID <> CONNECTION_ID() "
                "AND INFO LIKE 'UPDATE conversations SET%%'",
                (self.name,),
            )
            return cursor.fetchone()[0]

    def monitor(self):
        """An autocommit connection for looking at the server's sessions."""
        return self.connect(autocommit=True)


def _mariadb_connect(database=None, autocommit=False):
    import pymysql

    return pymysql.connect(
        host=MARIADB_HOST,
        port=MARIADB_PORT,
        user=MARIADB_USER,
        password="",
        database=database,
        autocommit=autocommit,
        connect_timeout=CONNECT_TIMEOUT,
        charset="utf8mb4",
    )


def _new_name():
    return "kefu_it_" + secrets.token_hex(6)


@contextmanager
def provisioned(kind, tmp_dir):
    """Yield a fresh, empty Database of `kind`; drop it afterwards."""
    if kind == "sqlite":
        yield Database("sqlite", f"sqlite:///{tmp_dir / 'kefu.db'}")
    elif kind == "postgresql":
        yield from _postgresql()
    elif kind == "mariadb":
        yield from _mariadb()
    else:
        raise ValueError(kind)


def _postgresql():
    import psycopg

    def admin():
        return psycopg.connect(
            host=PG_HOST,
            port=PG_PORT,
            user=PG_USER,
            dbname=PG_ADMIN_DB,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
        )

    name = _new_name()
    try:
        with admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        unavailable(f"PostgreSQL at {PG_HOST}:{PG_PORT} is not reachable: {exc}")
    try:
        yield Database("postgresql", f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}", name)
    finally:
        with admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _mariadb():
    import pymysql

    name = _new_name()
    try:
        connection = _mariadb_connect(autocommit=True)
    except pymysql.err.OperationalError as exc:
        unavailable(f"MariaDB at {MARIADB_HOST}:{MARIADB_PORT} is not reachable: {exc}")
    with connection, connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        yield Database(
            "mariadb", f"mysql://{MARIADB_USER}@{MARIADB_HOST}:{MARIADB_PORT}/{name}", name
        )
    finally:
        with _mariadb_connect(autocommit=True) as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
