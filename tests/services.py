"""Reaching the machine's services from tests: fresh throwaway databases, skip or fail.

Outside CI a test that cannot reach a service skips with the reason; in CI
(CI=true) it fails, so CI never silently skips.
"""

import os
import uuid

import pytest

PG_ADMIN_URL = os.environ.get("KEFU_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
MARIADB_HOST = os.environ.get("KEFU_TEST_MARIADB_HOST", "127.0.0.1")
REDIS_URL = os.environ.get("KEFU_TEST_REDIS", "redis://127.0.0.1:6379/0")


def unavailable(reason):
    """Skip outside CI, fail in CI."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"required service unavailable in CI: {reason}")
    pytest.skip(reason)


def _pg_admin():
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)


def _mariadb_admin():
    import pymysql

    return pymysql.connect(host=MARIADB_HOST, user="root", password="", connect_timeout=5)


def create_database(kind):
    """Create an empty database of `kind`; return (url, drop) or skip/fail if unreachable."""
    if kind == "sqlite":
        raise ValueError("SQLite databases are files: use tmp_path")
    name = f"kefu_t_{uuid.uuid4().hex[:12]}"
    try:
        if kind == "postgresql":
            with _pg_admin() as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = f"postgresql://postgres@127.0.0.1:5432/{name}"
        elif kind == "mariadb":
            conn = _mariadb_admin()
            with conn.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
            conn.close()
            url = f"mysql://root@{MARIADB_HOST}:3306/{name}"
        else:
            raise ValueError(kind)
    except Exception as exc:  # any connection error: the service is not there
        unavailable(f"{kind} unreachable: {exc}")

    def drop():
        if kind == "postgresql":
            with _pg_admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            conn = _mariadb_admin()
            with conn.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
            conn.close()

    return url, drop
