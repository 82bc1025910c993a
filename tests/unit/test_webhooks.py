"""Webhooks in one process (no Redis: the outbox table is the stream), against a real HTTP
receiver on loopback: what the outbox records, in which transaction, and how a delivery
is signed, retried, given up, logged and redelivered (PROTOCOL.md section 9)."""

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update

from kefu.chat import webhooks
from kefu.chat.conversations import close_conversation, rate_conversation
from kefu.errors import ConversationClosed
from kefu.events.delivery import Deliverer
from kefu.events.relay import prune_once, relay_once, streams
from kefu.events.signing import verify
from kefu.events.supervisor import publish_sizes
from kefu.events.types import EVENT_TYPES
from kefu.extensions import db
from kefu.models import OutboxEvent, Webhook, WebhookDelivery
from kefu.schemas import WebhookUpdateIn
from kefu.timeutil import utcnow
from tests.factories import as_agent, as_visitor, staff_says, visitor_says
from tests.receiver import Receiver

from .rest import bearer, login

ALL = list(EVENT_TYPES)


@pytest.fixture
def hooks(app):
    app.config.update(
        WEBHOOK_ALLOW_PRIVATE=True,
        WEBHOOK_FIRST_RETRY_SECONDS=0.05,
        WEBHOOK_MAX_RETRY_DELAY_SECONDS=0.2,
        WEBHOOK_CONNECT_TIMEOUT_SECONDS=1.0,
        WEBHOOK_READ_TIMEOUT_SECONDS=0.5,
        WEBHOOK_LEASE_SECONDS=1.0,
    )
    return app


@pytest.fixture
def admin_headers(client, make_agent):
    return bearer(login(client, make_agent(role="admin")).get_json()["access_token"])


def make_hook(url, events=ALL):
    hook, secret = webhooks.create_webhook(None, url, events)
    return hook.id, secret


def deliver(app, webhook_id, steps=20):
    """Relay what committed, then run the webhook's deliverer until it has nothing left."""
    relay_once(streams().stream)
    deliverer = Deliverer(app, webhook_id, time.sleep)
    for _ in range(steps):
        if deliverer.step() and not deliverer.stopped:
            return deliverer
    return deliverer


def outbox_types():
    return list(db.session.scalars(select(OutboxEvent.type).order_by(OutboxEvent.id)))


@pytest.mark.usefixtures("served")
def test_a_chat_arrives_signed_and_in_order(hooks, make_agent, make_visitor, online):
    agent = make_agent()
    online(agent)
    visitor = make_visitor(name="Ann")
    with Receiver() as receiver:
        hook_id, secret = make_hook(receiver.url)
        message, _ = visitor_says(as_visitor(visitor), "v1", "hello")
        conversation_id = message.conversation_id
        staff_says(as_agent(agent), conversation_id, "a1", "hi Ann")
        staff_says(as_agent(agent), conversation_id, "n1", "VIP customer", private=True)
        close_conversation(as_agent(agent), conversation_id)
        rate_conversation(as_visitor(visitor), conversation_id, 5, "great")
        deliver(hooks, hook_id)
        got = receiver.wait_for(8)
    events = [r.event for r in got]
    assert [e["type"] for e in events] == [
        "conversation.created",
        "message.created",
        "conversation.assigned",
        "message.created",
        "note.created",
        "message.created",  # the closing notice
        "conversation.closed",
        "conversation.rated",
    ]
    assert events[1]["data"]["message"]["content"] == "hello"
    assert events[4]["data"]["message"]["content"] == "VIP customer"
    assert events[2]["data"] == {
        **events[2]["data"],
        "conversation_id": conversation_id,
        "agent_id": agent.id,
    }
    assert events[7]["data"]["rating"] == 5
    for request in got:
        assert request.headers["Kefu-Event-Id"] == request.event["id"]
        assert request.headers["Content-Type"] == "application/json"
        assert verify(secret, request.headers["Kefu-Signature"], request.body, time.time())
        assert not verify(
            "whsec_other", request.headers["Kefu-Signature"], request.body, time.time()
        )
    assert len({e["id"] for e in events}) == 8
    log = webhooks.list_deliveries(hook_id, 50)
    assert {d.status for d in log} == {"delivered"} and len(log) == 8


def test_only_subscribed_types_are_recorded(hooks, make_agent, make_visitor):
    admin = as_agent(make_agent(role="admin"))
    visitor = make_visitor()
    message, _ = visitor_says(as_visitor(visitor), "v1", "before any webhook")
    assert outbox_types() == []
    make_hook("http://127.0.0.1:9/hook", ["note.created"])
    staff_says(admin, message.conversation_id, "a1", "public")
    staff_says(admin, message.conversation_id, "n1", "a note", private=True)
    assert outbox_types() == ["note.created"]


def test_a_refused_or_retried_message_records_nothing_more(hooks, make_agent, make_visitor):
    admin = as_agent(make_agent(role="admin"))
    visitor = make_visitor()
    make_hook("http://127.0.0.1:9/hook", ["message.created"])
    message, _ = visitor_says(as_visitor(visitor), "v1", "hello")
    again, created = visitor_says(as_visitor(visitor), "v1", "hello")  # a retried send
    assert not created and again.id == message.id
    close_conversation(admin, message.conversation_id)
    count = len(outbox_types())
    with pytest.raises(ConversationClosed):
        staff_says(admin, message.conversation_id, "late", "too late")
    assert len(outbox_types()) == count == 2  # hello, the notice of the close; not "too late"


def test_a_failing_receiver_is_retried_then_logged_delivered(hooks, make_visitor):
    with Receiver(mode="fail") as receiver:
        hook_id, _ = make_hook(receiver.url, ["message.created"])
        visitor_says(as_visitor(make_visitor()), "v1", "hello")
        relay_once(streams().stream)
        deliverer = Deliverer(hooks, hook_id, lambda seconds: _heal(receiver, seconds))
        while deliverer.step() == 0:
            pass
        got = receiver.received()
    assert len(got) == 2
    assert got[0].headers["Kefu-Delivery-Attempt"] == "1"
    assert got[1].headers["Kefu-Delivery-Attempt"] == "2"
    assert got[0].event["id"] == got[1].event["id"]
    (row,) = webhooks.list_deliveries(hook_id, 10)
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 2, 204)


def _heal(receiver, seconds):
    """The deliverer's sleep: the receiver comes back while it waits to retry."""
    receiver.mode = "ok"
    time.sleep(seconds)


def test_given_up_after_the_limit_and_the_next_event_goes(hooks, make_visitor):
    hooks.config["WEBHOOK_GIVE_UP_HOURS"] = 0.3 / 3600
    with Receiver(mode=lambda body: "fail" if b'"first"' in body else "ok") as receiver:
        hook_id, _ = make_hook(receiver.url, ["message.created"])
        visitor = as_visitor(make_visitor())
        visitor_says(visitor, "v1", "first")
        visitor_says(visitor, "v2", "second")
        deliver(hooks, hook_id)
        contents = [r.event["data"]["message"]["content"] for r in receiver.received()]
    rows = {r.event_type + ":" + r.status for r in webhooks.list_deliveries(hook_id, 10)}
    assert rows == {"message.created:failed", "message.created:delivered"}
    failed = webhooks.list_deliveries(hook_id, 10, status="failed")[0]
    assert failed.attempts >= 2 and failed.last_status_code == 500
    assert contents[0] == "first" and contents[-1] == "second"
    assert set(contents[:-1]) == {"first"}


def test_redelivery_and_test_event_go_to_that_webhook_only(hooks, make_visitor):
    with Receiver() as receiver, Receiver() as other:
        hook_id, _ = make_hook(receiver.url, ["message.created"])
        other_id, _ = make_hook(other.url, ["message.created"])
        visitor_says(as_visitor(make_visitor()), "v1", "hello")
        deliver(hooks, hook_id)
        deliver(hooks, other_id)
        (first,) = webhooks.list_deliveries(hook_id, 10)
        event_id = webhooks.redeliver(None, hook_id, first.id)
        test_id = webhooks.send_test_event(None, hook_id)
        deliver(hooks, hook_id)
        deliver(hooks, other_id)
        got = receiver.wait_for(3)
        assert [r.event["id"] for r in got] == [first.event_id, event_id, test_id]
        assert event_id == first.event_id
        assert got[2].event["type"] == "webhook.test"
        assert len(other.received()) == 1
    assert len(webhooks.list_deliveries(hook_id, 10)) == 3


def test_a_rotated_secret_signs_beside_the_old_one(hooks, make_visitor):
    with Receiver() as receiver:
        hook_id, old = make_hook(receiver.url, ["message.created"])
        _, new = webhooks.update_webhook(None, hook_id, WebhookUpdateIn(rotate_secret=True))
        visitor_says(as_visitor(make_visitor()), "v1", "hello")
        deliver(hooks, hook_id)
        (request,) = receiver.wait_for(1)
    header = request.headers["Kefu-Signature"]
    assert new != old and header.count("v1=") == 2
    assert verify(new, header, request.body, time.time())
    assert verify(old, header, request.body, time.time())


def test_a_reactivated_webhook_gets_nothing_of_its_time_off(hooks, make_visitor):
    with Receiver() as receiver:
        hook_id, _ = make_hook(receiver.url, ["message.created"])
        other_id, _ = make_hook("http://127.0.0.1:9/other", ["message.created"])
        visitor = as_visitor(make_visitor())
        webhooks.update_webhook(None, hook_id, WebhookUpdateIn(active=False))
        visitor_says(visitor, "v1", "while off")  # recorded for the other webhook
        relay_once(streams().stream)
        webhooks.update_webhook(None, hook_id, WebhookUpdateIn(active=True))
        visitor_says(visitor, "v2", "back on")
        deliver(hooks, hook_id)
        got = receiver.wait_for(1)
        time.sleep(0.1)
    assert [r.event["data"]["message"]["content"] for r in receiver.received()] == ["back on"]
    assert len(got) == 1 and other_id


def test_redirects_hangs_and_dropped_connections_are_failures(hooks, make_visitor):
    for mode, expected in (("redirect", "redirects"), ("hang", "Timeout"), ("close", "")):
        with Receiver(mode=mode) as receiver:
            hooks.config["WEBHOOK_GIVE_UP_HOURS"] = 0.0
            hook_id, _ = make_hook(receiver.url, ["message.created"])
            visitor_says(as_visitor(make_visitor()), f"v-{mode}", "hello")
            started = time.monotonic()
            deliver(hooks, hook_id, steps=3)
            elapsed = time.monotonic() - started
            (row,) = webhooks.list_deliveries(hook_id, 10)
            assert row.status == "failed", mode
            assert expected in (row.last_error or ""), (mode, row.last_error)
            assert elapsed < 5, mode
            webhooks.delete_webhook(None, hook_id)


REFUSED = [
    "http://127.0.0.1/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/hook",
    "http://localhost:8080/hook",
    "http://10.1.2.3/hook",
]


@pytest.mark.parametrize("url", REFUSED)
def test_private_receivers_are_refused_without_the_setting(app, client, admin_headers, url):
    response = client.post(
        "/api/webhooks", json={"url": url, "events": ["message.created"]}, headers=admin_headers
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("webhook_url_refused", "url")
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    assert client.get("/api/webhooks", headers=admin_headers).get_json()["data"] == []


def test_a_name_resolving_to_a_private_address_is_refused(app, client, admin_headers, monkeypatch):
    import socket

    def resolver(host, port, *args, **kwargs):
        assert host == "hooks.example.com"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    response = client.post(
        "/api/webhooks",
        json={"url": "https://hooks.example.com/kefu", "events": ["message.created"]},
        headers=admin_headers,
    )
    assert response.status_code == 400
    assert "10.0.0.7" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"url": "ftp://example.com/x", "events": ["message.created"]},
        {"url": "http://user:pw@127.0.0.1/x", "events": ["message.created"]},
        {"url": "http://127.0.0.1/x", "events": []},
        {"url": "http://127.0.0.1/x", "events": ["message.deleted"]},
    ],
)
def test_bad_webhooks_are_refused_in_the_contract_shape(app, client, admin_headers, body):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    response = client.post("/api/webhooks", json=body, headers=admin_headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] in ("invalid_field", "invalid_payload")
    assert client.get("/api/webhooks", headers=admin_headers).get_json()["data"] == []


def test_the_secret_is_shown_once(app, client, admin_headers):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    created = client.post(
        "/api/webhooks",
        json={"url": "http://127.0.0.1:9/x", "events": ["message.created"]},
        headers=admin_headers,
    )
    assert created.status_code == 201
    body = created.get_json()
    assert body["secret"].startswith("whsec_")
    listed = client.get("/api/webhooks", headers=admin_headers).get_json()["data"]
    one = client.get(f"/api/webhooks/{body['id']}", headers=admin_headers).get_json()
    assert "secret" not in listed[0] and "secret" not in one
    assert json.dumps(listed).find(body["secret"]) == -1


def test_old_events_and_log_rows_are_pruned_and_lag_is_on_metrics(hooks, client, make_visitor):
    with Receiver() as receiver:
        hook_id, _ = make_hook(receiver.url, ["message.created"])
        visitor = as_visitor(make_visitor())
        visitor_says(visitor, "v1", "old")
        deliver(hooks, hook_id)
        receiver.wait_for(1)
        db.session.execute(update(OutboxEvent).values(relayed_at=utcnow() - timedelta(days=8)))
        db.session.execute(
            update(WebhookDelivery).values(first_attempt_at=utcnow() - timedelta(days=8))
        )
        db.session.commit()
        visitor_says(visitor, "v2", "new")  # not yet relayed: kept
        assert prune_once(streams().stream, retention_days=7) == 2
    assert outbox_types() == ["message.created"]
    assert webhooks.list_deliveries(hook_id, 10) == []
    metrics = client.get("/metrics").get_data(as_text=True)
    for name in (
        "kefu_outbox_lag_seconds",
        "kefu_webhook_deliveries_total",
        "kefu_webhook_stream_entries",
    ):
        assert name in metrics
    relay_once(streams().stream)
    assert 'kefu_webhook_deliveries_total{result="delivered"}' in metrics


def test_the_waiting_counts_reach_metrics_without_redis(hooks, client, make_visitor):
    hook_id, _ = make_hook("http://127.0.0.1:9/hook", ["message.created"])
    publish_sizes([])  # no webhook yet: nothing to count, no error
    visitor_says(as_visitor(make_visitor()), "v1", "waiting")
    relay_once(streams().stream)
    publish_sizes([hook_id])
    metrics = client.get("/metrics").get_data(as_text=True)
    assert f'kefu_webhook_waiting_events{{webhook="{hook_id}"}} 1.0' in metrics
    assert "kefu_webhook_stream_entries 1.0" in metrics
    # A second event; the first delivered and pruned: one entry left, at position 2.
    visitor_says(as_visitor(make_visitor()), "v2", "waiting too")
    relay_once(streams().stream)
    first = db.session.scalar(select(func.min(OutboxEvent.position)))
    db.session.execute(update(Webhook).where(Webhook.id == hook_id).values(cursor=first))
    db.session.execute(delete(OutboxEvent).where(OutboxEvent.position == first))
    db.session.commit()
    publish_sizes([hook_id])
    metrics = client.get("/metrics").get_data(as_text=True)
    assert f'kefu_webhook_waiting_events{{webhook="{hook_id}"}} 1.0' in metrics
    assert "kefu_webhook_stream_entries 1.0" in metrics
