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
run batches side by side; SQLite runs one (its calls block the process anyway).
"""

import logging

import gevent
from gevent.event import AsyncResult
from gevent.queue import Queue
from sqlalchemy.exc import SQLAlchemyError

from ..errors import KefuError
from ..extensions import db
from ..metrics import GROUP_COMMIT_BATCH

log = logging.getLogger(__name__)

MAX_BATCH = 100
WAIT_SECONDS = 30


class GroupCommit:
    def __init__(self, app, writers):
        self.app = app
        self.queue = Queue()
        self.count = writers
        self.writers = []

    def run(self, job, order_key):
        """Run `job` in the next batch; return its value or raise its exception."""
        self.writers = [w for w in self.writers if not w.dead]
        while len(self.writers) < self.count:
            self.writers.append(gevent.spawn(self._write_forever))
        done = AsyncResult()
        self.queue.put((order_key, job, done))
        return done.get(timeout=WAIT_SECONDS)

    def _write_forever(self):
        with self.app.app_context():
            while True:
                batch = [self.queue.get()]
                while len(batch) < MAX_BATCH and not self.queue.empty():
                    batch.append(self.queue.get_nowait())
                try:
                    self._write(sorted(batch, key=lambda entry: entry[0]))
                except Exception as exc:  # never leave a caller waiting
                    log.exception("group commit failed")
                    for _, _, done in batch:
                        if not done.ready():
                            done.set_exception(exc)

    def _write(self, batch):
        GROUP_COMMIT_BATCH.observe(len(batch))
        outcomes = []
        try:
            with db.engine.begin() as connection:
                for _, job, _ in batch:
                    outcomes.append(_attempt(job, connection))
        except SQLAlchemyError:
            # One job broke the transaction: each runs again on its own.
            outcomes = [_alone(job) for _, job, _ in batch]
        for (_, _, done), (ok, value) in zip(batch, outcomes, strict=True):
            if ok:
                done.set(value)
            else:
                done.set_exception(value)


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
