"""A pooled PostgreSQL connection left mid-query (a network fault cut its answer off) fails
its pre-ping with ProgrammingError, not a disconnect error: it must be replaced, not turned
into a 500 (kefu/factory.py)."""

from sqlalchemy import text

from kefu.extensions import db

from .. import conftest
from ..services import create_database


def test_a_connection_left_mid_query_is_replaced_at_checkout(tmp_path):
    url, drop = create_database("postgresql")
    try:
        for _app in conftest.testing_app(url.replace("postgresql://", "postgresql+psycopg://")):
            with db.engine.connect() as connection:
                raw = connection.connection.dbapi_connection
                raw.pgconn.send_query(b"SELECT pg_sleep(0.2)")  # sent, its answer never read
                assert raw.info.transaction_status.name == "ACTIVE"
                assert db.engine.dialect._do_ping_w_event(raw) is False  # not raised
                connection.invalidate()  # as the pool does with a failed ping
            with db.engine.connect() as connection:  # a fresh connection answers
                assert connection.execute(text("SELECT 1")).scalar() == 1
    finally:
        drop()
