/*
 * The webhook forms and the delivery log: checks and request bodies for creating and
 * editing a webhook, the log's query string, a delivery as the table shows it. Pure: no DOM.
 */

import { isWebhookUrl } from "./validate.js";

/** The event types a webhook may subscribe to (kefu/events/types.py), in menu order. */
export const EVENT_TYPES = [
  "conversation.created",
  "conversation.assigned",
  "conversation.transferred",
  "conversation.closed",
  "conversation.rated",
  "message.created",
  "note.created",
  "offline_message.created",
];

/** A delivery's states in the log, and the filter's choices ("" = all). */
export const DELIVERY_STATUSES = ["pending", "delivered", "failed"];

/** How many deliveries one page of the log holds. */
export const PAGE_SIZE = 20;

/** The form's values for `webhook` (null: a new one, active, nothing chosen). */
export function webhookForm(webhook) {
  return webhook
    ? { url: webhook.url, events: [...webhook.events], active: !!webhook.active }
    : { url: "", events: [], active: true };
}

/** Problems of the form, as {input: error key}. */
export function webhookErrors(form) {
  const errors = {};
  const url = String(form.url || "").trim();
  if (!url) errors.url = "required";
  else if (!isWebhookUrl(url)) errors.url = "invalidWebhookUrl";
  if (!form.events || !form.events.length) errors.events = "noEvents";
  return errors;
}

function chosenEvents(events) {
  // Menu order, each once, unknown types dropped: what the server stores (sorted, a set).
  return EVENT_TYPES.filter((type) => events.includes(type));
}

/** The POST /api/webhooks body. */
export function createBody(form) {
  return { url: String(form.url).trim(), events: chosenEvents(form.events), active: !!form.active };
}

/** The PATCH /api/webhooks/<id> body: only what differs from `webhook`, or null. */
export function updateBody(webhook, form) {
  const body = {};
  const url = String(form.url).trim();
  if (url !== webhook.url) body.url = url;
  const events = chosenEvents(form.events);
  if (JSON.stringify([...events].sort()) !== JSON.stringify([...webhook.events].sort())) body.events = events;
  if (!!form.active !== !!webhook.active) body.active = !!form.active;
  return Object.keys(body).length ? body : null;
}

/** The query string of one page of the log: newest first, `before` a delivery id. */
export function deliveriesQuery({ status, before, limit } = {}) {
  const params = new URLSearchParams({ limit: String(limit || PAGE_SIZE) });
  if (before) params.set("before", String(before));
  if (status && DELIVERY_STATUSES.includes(status)) params.set("status", status);
  return "?" + params.toString();
}

const SHORT = { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit" };
const LONG = { dateStyle: "full", timeStyle: "long" };

/**
 * A date-time with seconds in `locale`; without the year (the log keeps days, not years)
 * unless `long`. `timeZone` for tests; the browser's by default.
 */
export function formatTime(iso, locale, timeZone, long) {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { ...(long ? LONG : SHORT), timeZone }).format(date);
}

/**
 * A delivery as a row of the log shows it: texts in the admin's language (`T`) and locale,
 * `none` for what is not known. The next attempt only means something while pending.
 */
export function deliveryView(delivery, T, locale, timeZone) {
  const pending = delivery.status === "pending";
  return {
    id: delivery.id,
    eventType: delivery.event_type,
    eventId: delivery.event_id,
    status: delivery.status,
    statusLabel: T.deliveryStatuses[delivery.status] || delivery.status,
    attempts: String(delivery.attempts ?? 0),
    code: delivery.last_status_code == null ? T.none : String(delivery.last_status_code),
    error: delivery.last_error || T.none,
    lastAttempt: formatTime(delivery.last_attempt_at, locale, timeZone) || T.none,
    nextAttempt: (pending && formatTime(delivery.next_attempt_at, locale, timeZone)) || T.none,
  };
}

/**
 * Whether the log shows that an event queued by "send test" or "redeliver" is done with:
 * a delivery of `eventId` newer than `afterId` that is no longer pending.
 */
export function settled(deliveries, eventId, afterId) {
  return deliveries.some((d) => d.event_id === eventId && d.id > (afterId || 0) && d.status !== "pending");
}
