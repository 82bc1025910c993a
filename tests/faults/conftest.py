"""The fault suite's deployment: two `kefu serve` workers on one PostgreSQL database reached
through a fault proxy, sharing a Redis Sentinel set-up of the tests' own (one primary, one
replica, three sentinels). One per package, shared by the rows; each row leaves it healthy
(the proxy forwarding, both workers ready) or the next row's `cluster` fixture says why not.

Every row ends with `check_database` (invariants.py). Figures are printed (`pytest -s`) and
docs/reliability.md quotes them.
"""

import uuid

import pytest

from ..integration.databases import PG_HOST, PG_PORT, provisioned
from .deployment import Cluster, proxied, start_workers
from .proxy import FaultProxy
from .sentinel import SentinelSetup

LOG_TAIL_CHARS = 12_000
LOG_MARKS = pytest.StashKey[list]()


@pytest.fixture(scope="package")
def deployment(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("faults")
    with provisioned("postgresql", tmp_path) as database:
        sentinel = SentinelSetup(tmp_path)
        with FaultProxy(PG_HOST, PG_PORT, lifetime=1200, name="postgresql") as pg_proxy:
            cluster = Cluster(database, pg_proxy, sentinel, f"kefu-faults-{uuid.uuid4().hex[:8]}:")
            try:
                sentinel.start()
                cluster.workers = start_workers(
                    proxied(database, pg_proxy),
                    tmp_path,
                    2,
                    KEFU_REDIS_URL=sentinel.url,
                    KEFU_REDIS_PREFIX=cluster.prefix,
                )
                yield cluster
            finally:
                for server in cluster.workers:
                    server.stop()
                sentinel.stop()


@pytest.fixture
def cluster(deployment, request):
    """The shared deployment, healthy; sockets a row opened are closed after it."""
    deployment.ensure_healthy()
    request.node.stash[LOG_MARKS] = [s.log_size() for s in deployment.workers]
    yield deployment
    deployment.close_peers()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach what each worker logged during a failed row to its report."""
    report = yield
    if report.failed and LOG_MARKS in item.stash:
        cluster = item.funcargs.get("cluster") or item.funcargs.get("deployment")
        for n, server in enumerate(getattr(cluster, "workers", ())):
            text = server.log_text(item.stash[LOG_MARKS][n])[-LOG_TAIL_CHARS:]
            report.sections.append((f"worker {n} log", text))
    return report
