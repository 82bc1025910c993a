"""REST of blueprints/ops.py and the app-wide envelope: health, readiness, metrics, unknown routes."""

import pytest

from tests.factories import visitor_says


def test_unknown_route_and_method_use_the_envelope(client):
    missing = client.get("/api/nothing-here")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong = client.get("/api/visitor/auth")
    assert wrong.status_code == 405 and wrong.get_json()["error"]["code"] == "method_not_allowed"


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["checks"]["database"] == "ok"


def test_metrics_count_messages_and_claims(client, make_agent, online, sink):
    from kefu.chat.principals import Principal

    def value(text, line_start):
        return sum(
            float(line.split()[-1]) for line in text.splitlines() if line.startswith(line_start)
        )

    before = client.get("/metrics").get_data(as_text=True)
    online(make_agent())
    visitor = client.post("/api/visitor/auth", json={}).get_json()
    visitor_says(Principal("visitor", visitor["visitor_id"]), "m", "hi")
    after = client.get("/metrics").get_data(as_text=True)
    key = 'kefu_messages_stored_total{sender_type="visitor"}'
    assert value(after, key) == value(before, key) + 1
    key = 'kefu_dispatch_claims_total{outcome="assigned"}'
    assert value(after, key) == value(before, key) + 1


@pytest.mark.parametrize(
    "token, header, status",
    [
        (None, None, 404),  # production without a token: off
        ("s3cret-metrics", None, 401),
        ("s3cret-metrics", "Bearer wrong", 401),
        ("s3cret-metrics", "Bearer s3cret-metrics", 200),
    ],
)
def test_metrics_in_production_need_the_token(app, client, token, header, status):
    app.config.update(METRICS_OPEN=False, METRICS_TOKEN=token)
    headers = {"Authorization": header} if header else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == status
    if status == 200:
        assert b"kefu_gc_pause_max_seconds" in response.data
