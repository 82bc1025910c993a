"""Several `kefu serve` workers on one PostgreSQL database sharing one Redis."""

import uuid

import pytest
import redis

from ..integration.databases import provisioned
from ..integration.server import KefuServer
from ..services import REDIS_URL, unavailable


def require_redis():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        unavailable(f"redis unreachable at {REDIS_URL}: {exc}")


@pytest.fixture
def start_workers(tmp_path):
    """start_workers(n, **env) -> [KefuServer …]: n workers of one deployment, all stopped and
    their Redis keys and database dropped at the end."""
    require_redis()
    prefix = f"kefu-it-{uuid.uuid4().hex[:8]}:"
    started = []
    with provisioned("postgresql", tmp_path) as database:

        def start(count, **env):
            first = None
            for _ in range(count):
                workdir = tmp_path / f"worker-{len(started)}"
                workdir.mkdir()
                server = KefuServer(database, workdir)
                server.env.update({"KEFU_REDIS_URL": REDIS_URL, "KEFU_REDIS_PREFIX": prefix, **env})
                if first is None:
                    server.prepare()
                    first = server
                else:
                    server.admin_credentials = first.admin_credentials
                    server.agent_credentials = first.agent_credentials
                started.append(server)
                server.start()
                server.open_session()
            return started[-count:]

        try:
            yield start
        finally:
            for server in started:
                server.stop()
            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(prefix + "*"))
            if keys:
                client.delete(*keys)
