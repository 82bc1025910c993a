"""The writer: every message's write job runs here, in one transaction with the others of
its moment (group commit) when the server runs under gevent, alone otherwise.

A message is acknowledged only once committed, so under load the commit and the
connection dominate the message path. Writer greenlets each take every job waiting in the
queue, run them in one transaction, commit once and wake each caller with its own result.
At low rates a batch is one job.

A job is `job(connection) -> value`. Whatever one job raises is that job's answer and never
another's:
- a KefuError is a refusal before anything was written: the batch goes on;
- anything else (a database error, or a driver that cannot encode a value) may have broken
  the transaction: it is rolled back and every job of the batch runs again in a
  transaction of its own, where each job's exception is its own answer.
What a batch's jobs insert_later (deferred.py: their events) goes in just before it commits.
Jobs run in the order of their `order_key`, so concurrent batches (of this process or of
other workers) take row locks in the same order and do not deadlock each other.

On a networked database a batch waits for a round trip per statement, so several writers
run batches side by side; a file database (SQLite) runs one. Each writer keeps its own
connection (a pool checkout per batch pinged the server first: docs/performance.md); a held
connection that broke fails its batch, the jobs run alone on pooled connections, and the
writer connects afresh.
"""

import gevent

from ..errors import KefuError
from ..extensions import db
from ..metrics import GROUP_COMMIT_BATCH
from .batching import BatchingQueue
from .deferred import deferred_inserts
from .dialects import capabilities_of_url


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
            with connection.begin(), deferred_inserts(connection):
                for index in order:
                    outcomes[index] = _attempt(items[index][1], connection)
        except Exception:
            # One job broke the transaction (or the connection broke): each runs alone.
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
        with db.engine.begin() as connection, deferred_inserts(connection):
            return True, job(connection)
    except Exception as exc:  # this job's answer, whatever it is
        return False, exc


EXTENSION_KEY = "kefu.group_commit"


def init_group_commit(app):
    """Group commit under gevent (the served product); threads (tests) write directly."""
    if app.config["SOCKETIO_ASYNC_MODE"] == "gevent" and app.config["GROUP_COMMIT"]:
        capabilities = capabilities_of_url(app.config["SQLALCHEMY_DATABASE_URI"])
        writers = 1 if capabilities.single_writer else app.config["GROUP_COMMIT_WRITERS"]
        app.extensions[EXTENSION_KEY] = GroupCommit(app, writers)


def run_write(app, job, order_key):
    """Run a write job: batched when group commit is on, else in its own transaction."""
    writer = app.extensions.get(EXTENSION_KEY)
    if writer is not None:
        return writer.run(job, order_key)
    with db.engine.begin() as connection, deferred_inserts(connection):
        return job(connection)
