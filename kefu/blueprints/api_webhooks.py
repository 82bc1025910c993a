"""Webhooks REST (PROTOCOL.md section 9; administrators only): the endpoints, their
delivery log, redelivery and a test event. docs/webhooks.md is the receiver's side."""

from flask import Blueprint, g, jsonify, request

from ..chat import webhooks
from ..errors import InvalidPayload
from ..schemas import WebhookIn, WebhookUpdateIn
from .common import documented, int_arg, json_body, requires

bp = Blueprint("api_webhooks", __name__, url_prefix="/api/webhooks")

admin_only = requires("agent", admin=True)
DELIVERY_STATUSES = ("pending", "delivered", "failed")


@bp.get("")
@admin_only
def list_webhooks():
    """Every webhook (never its secret)."""
    return jsonify({"data": [webhooks.webhook_dict(w) for w in webhooks.list_webhooks()]})


@bp.post("")
@admin_only
@documented(body=WebhookIn, status=201)
def create_webhook():
    """Create a webhook; the answer holds its signing secret, shown this once."""
    data = json_body(WebhookIn)
    webhook, secret = webhooks.create_webhook(g.principal, data.url, data.events, data.active)
    return jsonify(webhooks.webhook_dict(webhook, secret)), 201


@bp.get("/<id:webhook_id>")
@admin_only
def get_webhook(webhook_id):
    """One webhook."""
    return jsonify(webhooks.webhook_dict(webhooks.get_webhook(webhook_id)))


@bp.patch("/<id:webhook_id>")
@admin_only
@documented(body=WebhookUpdateIn)
def update_webhook(webhook_id):
    """Change the URL, events or active flag; `rotate_secret` answers a new secret once,
    and the old one keeps signing beside it for KEFU_WEBHOOK_SECRET_OVERLAP_HOURS."""
    data = json_body(WebhookUpdateIn)
    webhook, secret = webhooks.update_webhook(g.principal, webhook_id, data)
    return jsonify(webhooks.webhook_dict(webhook, secret))


@bp.delete("/<id:webhook_id>")
@admin_only
@documented(status=204)
def delete_webhook(webhook_id):
    """Delete a webhook and its delivery log; nothing more is sent to it."""
    webhooks.delete_webhook(g.principal, webhook_id)
    return "", 204


@bp.get("/<id:webhook_id>/deliveries")
@admin_only
@documented(query=("limit", "before", "status"))
def list_deliveries(webhook_id):
    """The delivery log, newest first; `before` (a delivery id) pages back, `status`
    (pending, delivered, failed) filters."""
    limit = int_arg("limit", 50, maximum=200)
    before = int_arg("before", None)
    status = request.args.get("status") or None
    if status is not None and status not in DELIVERY_STATUSES:
        raise InvalidPayload(
            f"status must be one of {', '.join(DELIVERY_STATUSES)}.",
            code="invalid_field",
            field="status",
        )
    rows = webhooks.list_deliveries(webhook_id, limit, before, status)
    return jsonify(
        {
            "data": [webhooks.delivery_dict(d) for d in rows],
            "next_before": rows[-1].id if len(rows) == limit else None,
        }
    )


@bp.post("/<id:webhook_id>/deliveries/<id:delivery_id>/redeliver")
@admin_only
@documented(status=202, body_required=False)
def redeliver(webhook_id, delivery_id):
    """Send that delivery's event again (same event id), after what the webhook has
    waiting; it shows in the log as a new delivery."""
    event_id = webhooks.redeliver(g.principal, webhook_id, delivery_id)
    return jsonify({"event_id": event_id, "queued": True}), 202


@bp.post("/<id:webhook_id>/test")
@admin_only
@documented(status=202, body_required=False)
def send_test(webhook_id):
    """Queue a `webhook.test` event for this webhook only."""
    event_id = webhooks.send_test_event(g.principal, webhook_id)
    return jsonify({"event_id": event_id, "queued": True}), 202
