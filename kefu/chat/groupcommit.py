"""Group commit: the message writes that arrive while one transaction runs share the next.

Every message is acknowledged only once it is committed, so under load the commit, the
connection checkout and its pre-ping dominate the message path. One writer greenlet per
process takes every job waiting in its queue, runs them in one transaction, commits once
and wakes each caller with its own result. At low rates a batch is one job, as before.

A job is `job(connection) -> value`; it may raise a KefuError (nothing written: the others
go on) or a database error (the whole batch is rolled back and every job runs again in a
transaction of its own, so one bad job never costs the others their write).
Jobs run in the order of their `order_key`, so concurrent batches (of this process or of
other workers) take row locks in the same order and cannot deadlock each other.

On a networked database a batch waits for a round trip per statement, so several writers
run batches side by side; SQLite runs one (its calls block the process anyway). Each writer
keeps its own connection: checking one out of the pool per batch pinged the server first
(pool_pre_ping), a round trip that cost a tenth of a worker at 1,000 msg/s on two workers
(docs/performance.md). A held connection that broke fails its batch; the jobs then run
alone on pooled (pinged) connections, and the writer connects afresh.
"""

import gevent
from sqlalchemy.exc import SQLAlchemyError

from ..batching import BatchingQueue
from ..errors import KefuError
from ..extensions import db
from ..metrics import GROUP_COMMIT_BATCH


class GroupCommit(BatchingQueue):
    def __init__(self, app, workers=1):
        super().__init__(app, workers)
        self._held = {}  # writer greenlet -> its connection

    def run(self, job, order_key):
        """Run `job` in the next batch; return its value or raise its exception."""
        return self.submit((order_key, job))

    def handle(self, items):
        GROUP_COMMIT_BATCH.observe(len(items))
        order = sorted(range(len(items)), key=lambda index: items[index][0])
        outcomes = [None] * len(items)
        try:
            connection = self._connection()
            with connection.begin():
                for index in order:
                    outcomes[index] = _attempt(items[index][1], connection)
        except SQLAlchemyError:
            # One job broke the transaction (or the connection broke): each runs again on
            # its own.
            outcomes = [_alone(job) for _, job in items]
        return outcomes

    def _connection(self):
        """The calling writer's connection, connected when it has none or it broke."""
        writer = gevent.getcurrent()
        connection = self._held.get(writer)
        if connection is not None and not connection.invalidated and not connection.closed:
            return connection
        for held in [w for w in self._held if w.dead or w is writer]:
            self._held.pop(held).close()
        connection = self._held[writer] = db.engine.connect()
        return connection


def _attempt(job, connection):
    try:
        return True, job(connection)
    except KefuError as exc:  # refused before writing anything: the batch goes on
        return False, exc


def _alone(job):
    try:
        with db.engine.begin() as connection:
            return True, job(connection)
    except (KefuError, SQLAlchemyError) as exc:
        return False, exc


EXTENSION_KEY = "kefu.group_commit"


def init_group_commit(app):
    """Group commit under gevent (the served product); threads (tests) write directly."""
    if app.config["SOCKETIO_ASYNC_MODE"] == "gevent" and app.config["GROUP_COMMIT"]:
        sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
        writers = 1 if sqlite else app.config["GROUP_COMMIT_WRITERS"]
        app.extensions[EXTENSION_KEY] = GroupCommit(app, writers)


def run_write(app, job, order_key):
    """Run a write job: batched when group commit is on, else in its own transaction."""
    writer = app.extensions.get(EXTENSION_KEY)
    if writer is not None:
        return writer.run(job, order_key)
    with db.engine.begin() as connection:
        return job(connection)
