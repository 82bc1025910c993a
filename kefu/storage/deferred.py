"""Rows a transaction inserts together at its end: the writer runs a batch of jobs inside
`deferred_inserts`, and what its jobs `insert_later` goes in one statement per table just
before the batch commits, instead of a statement per job. Outside such a block a row is
inserted at once. A block that raises inserts nothing (its transaction is rolled back)."""

from contextlib import contextmanager

KEY = "kefu.deferred_inserts"


def insert_later(connection, statement, row):
    """Insert `row` with `statement` (a Core INSERT) at the end of the enclosing batch."""
    held = connection.info.get(KEY)
    if held is None:
        connection.execute(statement, [row])
    else:
        held.setdefault(statement, []).append(row)


@contextmanager
def deferred_inserts(connection):
    """Hold the rows `insert_later` is given on `connection` inside the block; insert them
    at its end, in the caller's transaction."""
    held = connection.info[KEY] = {}
    try:
        yield
        for statement, rows in held.items():
            connection.execute(statement, rows)
    finally:
        connection.info.pop(KEY, None)
