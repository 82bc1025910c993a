"""Group commit: jobs that arrive together share one transaction; one bad job costs the
others nothing; every caller gets its own result."""

import gevent
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kefu.errors import NotFound
from kefu.extensions import db
from kefu.storage.writer import GroupCommit


@pytest.fixture
def table(app):
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE gc_rows (id INTEGER PRIMARY KEY, tag TEXT)"))
    return app


def insert(row_id, tag, seen=None):
    def job(connection):
        if seen is not None:
            seen.append((row_id, id(connection)))
        connection.execute(text("INSERT INTO gc_rows VALUES (:i, :t)"), {"i": row_id, "t": tag})
        return row_id

    return job


def refuse(connection):
    raise NotFound("nothing here", code="gone")


def rows():
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT id, tag FROM gc_rows ORDER BY id")).all()


def run_together(writer, jobs):
    """Submit every (job, key) from its own greenlet, all before the writer runs."""
    greenlets = [gevent.spawn(writer.run, job, key) for job, key in jobs]
    gevent.joinall(greenlets, timeout=10)
    return greenlets


def test_jobs_arriving_together_share_one_transaction_in_key_order(table):
    writer = GroupCommit(table, workers=1)
    seen = []
    done = run_together(writer, [(insert(i, f"t{i}", seen), -i) for i in range(1, 6)])
    assert [g.value for g in done] == [1, 2, 3, 4, 5]
    assert [row_id for row_id, _ in seen] == [5, 4, 3, 2, 1]  # order_key ascending
    assert len({connection for _, connection in seen}) == 1  # one transaction for all
    assert len(rows()) == 5


def test_a_refused_job_gets_its_error_and_the_others_are_stored(table):
    writer = GroupCommit(table, workers=1)
    done = run_together(writer, [(insert(1, "a"), 1), (refuse, 2), (insert(3, "c"), 3)])
    assert done[0].value == 1 and done[2].value == 3
    assert isinstance(done[1].exception, NotFound)
    assert [r.id for r in rows()] == [1, 3]


def test_a_job_that_breaks_the_transaction_fails_alone(table):
    writer = GroupCommit(table, workers=1)
    writer.run(insert(7, "first"), 0)
    done = run_together(writer, [(insert(6, "ok"), 1), (insert(7, "dup"), 2), (insert(8, "ok"), 3)])
    assert isinstance(done[1].exception, IntegrityError)
    assert done[0].value == 6 and done[2].value == 8
    assert rows() == [(6, "ok"), (7, "first"), (8, "ok")]


def test_any_exception_of_one_job_is_that_jobs_alone(table):
    """A job that fails with neither a refusal nor a database error (a driver that cannot
    encode a lone surrogate raised UnicodeEncodeError here once, and its whole batch was
    answered internal_error) fails alone; the others of its batch are stored."""

    def cannot_encode(connection):
        connection.execute(text("INSERT INTO gc_rows VALUES (:i, :t)"), {"i": 2, "t": "half"})
        "x\ud800".encode("utf-8")

    writer = GroupCommit(table, workers=1)
    done = run_together(writer, [(insert(1, "a"), 1), (cannot_encode, 2), (insert(3, "c"), 3)])
    assert isinstance(done[1].exception, UnicodeEncodeError)
    assert (done[0].value, done[2].value) == (1, 3)
    assert rows() == [(1, "a"), (3, "c")]  # nothing of the failed job, all of the others


def test_a_lone_job_is_committed_before_its_caller_returns(table):
    writer = GroupCommit(table, workers=2)
    assert writer.run(insert(1, "solo"), 0) == 1
    assert rows() == [(1, "solo")]


def test_a_writer_keeps_its_connection_between_batches(table):
    """No pool checkout (and its ping) per batch: the next batch runs on the same one."""
    writer = GroupCommit(table, workers=1)
    first, second = [], []
    writer.run(insert(1, "a", first), 0)
    writer.run(insert(2, "b", second), 0)
    assert first[0][1] == second[0][1]


def test_a_broken_connection_fails_its_batch_and_the_jobs_still_commit(table):
    writer = GroupCommit(table, workers=1)
    seen = []
    writer.run(insert(1, "a", seen), 0)
    (held,) = writer._held.values()
    held.connection.dbapi_connection.close()  # broken under the writer, as by a restart
    assert writer.run(insert(2, "b", seen), 0) == 2  # failed on it, then ran alone
    assert held.invalidated
    assert writer.run(insert(3, "c", seen), 0) == 3
    assert rows() == [(1, "a"), (2, "b"), (3, "c")]
    assert writer._held[next(iter(writer._held))] is not held  # the writer connected afresh
