"""Production settings as documented: with KEFU_CORS_ORIGINS naming the shop, Kefu's own
pages (the widget frame, the dashboard) still open sockets, the shop does too, and a
foreign site is refused; the handshake asks for no credentials (Kefu uses no cookies)."""

import pytest
import requests

from .databases import provisioned
from .server import KefuServer

pytestmark = pytest.mark.integration

SHOP = "https://shop.example.com"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("origins")
    with provisioned("sqlite", workdir) as database:
        kefu = KefuServer(database, workdir)
        kefu.env.update(
            KEFU_ENV="production", KEFU_CORS_ORIGINS=SHOP, KEFU_PASSWORD_HASHING="standard"
        )
        kefu.launch()
        yield kefu
        kefu.stop()


def handshake(server, origin):
    return requests.get(
        f"{server.base_url}/socket.io/",
        params={"EIO": "4", "transport": "polling"},
        headers={"Origin": origin},
        timeout=5,
    )


@pytest.mark.parametrize("who", ["own", "shop"])
def test_kefus_own_pages_and_the_configured_site_connect(server, who):
    origin = server.base_url if who == "own" else SHOP
    response = handshake(server, origin)
    assert response.status_code == 200, response.text
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers["Vary"] == "Origin"  # no cache may give it to another site


def test_a_foreign_site_is_refused(server):
    response = handshake(server, "https://evil.example.net")
    assert response.status_code == 400
    assert "Access-Control-Allow-Origin" not in response.headers
