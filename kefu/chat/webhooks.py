"""Webhooks as an administrator manages them (PROTOCOL.md section 9): create (the secret
shown once), change, rotate the secret, delete, read the delivery log, redeliver, send a
test event. Delivery itself is kefu.events (relay.py, delivery.py)."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, select

from ..errors import InvalidPayload, NotFound
from ..events import outbox
from ..events.active import active_webhooks
from ..events.addresses import check_url
from ..events.relay import streams
from ..events.signing import new_secret
from ..events.types import TEST_EVENT
from ..extensions import db
from ..models import OutboxEvent, Webhook, WebhookDelivery
from ..timeutil import isoformat, utcnow
from . import audit


def webhook_dict(webhook, secret=None):
    """A webhook's public shape; `secret` only in the answer that created or rotated it."""
    shown = {
        "id": webhook.id,
        "url": webhook.url,
        "events": list(webhook.events),
        "active": bool(webhook.active),
        "created_at": isoformat(webhook.created_at),
        "updated_at": isoformat(webhook.updated_at),
        "previous_secret_until": isoformat(_overlap_end(webhook)),
    }
    if secret is not None:
        shown["secret"] = secret
    return shown


def delivery_dict(delivery):
    return {
        "id": delivery.id,
        "webhook_id": delivery.webhook_id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "first_attempt_at": isoformat(delivery.first_attempt_at),
        "last_attempt_at": isoformat(delivery.last_attempt_at),
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "next_attempt_at": isoformat(delivery.next_attempt_at),
        "delivered_at": isoformat(delivery.delivered_at),
    }


def list_webhooks():
    return list(db.session.scalars(select(Webhook).order_by(Webhook.id)))


def get_webhook(webhook_id):
    webhook = db.session.get(Webhook, webhook_id)
    if webhook is None:
        raise NotFound("No such webhook.", code="webhook_not_found")
    return webhook


def create_webhook(actor, url, events, active=True):
    """Create a webhook; (webhook, secret), the secret shown this once. Commits."""
    check_url(url, _allow_private())
    now = utcnow()
    secret = new_secret()
    webhook = Webhook(
        url=url.strip(),
        events=sorted(set(events)),
        active=active,
        secret=secret,
        created_at=now,
        updated_at=now,
        active_since=now,
        cursor=_stream_end(),
    )
    db.session.add(webhook)
    db.session.flush()
    audit.record(actor, "webhook.created", f"webhook:{webhook.id}", _audited(webhook))
    db.session.commit()
    _changed()
    return webhook, secret


def update_webhook(actor, webhook_id, changes):
    """Change url, events, active; rotate the secret. (webhook, new secret or None)."""
    webhook = get_webhook(webhook_id)
    restarted = False
    if changes.url is not None:
        check_url(changes.url, _allow_private())
        webhook.url = changes.url.strip()
    if changes.events is not None:
        webhook.events = sorted(set(changes.events))
    if changes.active is not None:
        restarted = changes.active and not webhook.active
        webhook.active = changes.active
    secret = None
    if changes.rotate_secret:
        secret = new_secret()
        overlap = timedelta(hours=current_app.config["WEBHOOK_SECRET_OVERLAP_HOURS"])
        webhook.previous_secret = webhook.secret
        webhook.previous_secret_until = utcnow() + overlap
        webhook.secret = secret
    webhook.updated_at = utcnow()
    if restarted:  # what happened while it was off is not sent afterwards
        webhook.active_since = utcnow()
        webhook.cursor = _stream_end()
    details = _audited(webhook)
    details["rotated_secret"] = bool(changes.rotate_secret)
    audit.record(actor, "webhook.updated", f"webhook:{webhook.id}", details)
    db.session.commit()
    _changed()
    return webhook, secret


def delete_webhook(actor, webhook_id):
    webhook = get_webhook(webhook_id)
    audit.record(actor, "webhook.deleted", f"webhook:{webhook.id}", _audited(webhook))
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id))
    db.session.delete(webhook)
    db.session.commit()
    _changed()
    try:
        streams().stream.drop_group(webhook_id)
    except Exception:  # Redis away: an orphaned group only holds trimmed entries
        current_app.logger.warning("webhook %s: its stream group stays behind", webhook_id)


def list_deliveries(webhook_id, limit, before=None, status=None):
    """The webhook's deliveries, newest first; `before` a delivery id (the next page)."""
    get_webhook(webhook_id)
    query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    if before is not None:
        query = query.where(WebhookDelivery.id < before)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    return list(db.session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit)))


def redeliver(actor, webhook_id, delivery_id):
    """Send a delivery's event to its webhook once more (after whatever it has waiting);
    the event keeps its id, so a receiver that already has it can tell."""
    webhook = get_webhook(webhook_id)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.webhook_id != webhook.id:
        raise NotFound("No such delivery.", code="delivery_not_found")
    event = db.session.get(OutboxEvent, delivery.outbox_id)
    if event is None:
        raise NotFound(
            "That event is older than the retention and is no longer kept.",
            code="event_expired",
        )
    _queue_for(webhook, uid=event.uid, event_type=event.type, body=event.body)
    audit.record(actor, "webhook.redelivered", f"webhook:{webhook.id}", {"event_id": event.uid})
    db.session.commit()
    return event.uid


def send_test_event(actor, webhook_id):
    """Queue a `webhook.test` event for this webhook only; its event id."""
    webhook = get_webhook(webhook_id)
    row = outbox.event_row(TEST_EVENT, {"webhook_id": webhook.id, "url": webhook.url})
    _queue_for(webhook, uid=row["uid"], event_type=TEST_EVENT, body=row["body"])
    db.session.commit()
    return row["uid"]


def _queue_for(webhook, uid, event_type, body):
    if not webhook.active:
        raise InvalidPayload(
            "The webhook is inactive: activate it first.", code="webhook_inactive", field="active"
        )
    db.session.execute(
        insert(OutboxEvent).values(
            uid=uid, type=event_type, body=body, webhook_id=webhook.id, created_at=utcnow()
        )
    )


def _stream_end():
    """Where the table stream is now (a webhook starts after it)."""
    return db.session.scalar(select(func.max(OutboxEvent.position))) or 0


def _changed():
    """This process sees a webhook change at once (other workers within their caches)."""
    outbox.subscriptions().forget()
    active_webhooks().forget()


def _overlap_end(webhook):
    until = webhook.previous_secret_until
    return until if until is not None and until > utcnow() else None


def _audited(webhook):
    return {"url": webhook.url, "events": list(webhook.events), "active": bool(webhook.active)}


def _allow_private():
    return current_app.config["WEBHOOK_ALLOW_PRIVATE"]
