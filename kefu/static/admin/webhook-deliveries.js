/*
 * A webhook's delivery log, newest first: filter by status, "Load more" pages back
 * (`before` = the last id shown), "Redeliver" per row. After a test event or a
 * redelivery the log reloads a few times until that event's new delivery has settled.
 */

import { errorOf, messageOf } from "./errors.js";
import { PAGE_LANG, T } from "./i18n.js";
import { api } from "./store.js";
import { emptyState, h, loadFailure, toast } from "./ui.js";
import { deliveriesQuery, deliveryView, DELIVERY_STATUSES, formatTime, settled } from "./webhook-model.js";

// Delivery is asynchronous (a relay, then a worker): look again after these pauses, ms.
const FOLLOW_DELAYS = [600, 1000, 1500, 2500, 4000, 6000, 10000];

let slot = null;
let webhook = null;
let status = "";
let deliveries = [];
let nextBefore = null;
let loadSeq = 0; // answers of an older load (another webhook, another filter) are dropped
let followTimer = null;
let els = null;

/** Show the log of `webhook` in `target` (reloading it when it is already shown). */
export function show(target, shown) {
  const same = webhook && webhook.id === shown.id && slot === target && els && target.contains(els.card);
  slot = target;
  webhook = shown;
  if (!same) {
    stopFollowing();
    status = "";
    build();
  } else {
    els.sub.textContent = T.deliveriesOf(webhook.url);
  }
  load(false);
}

function build() {
  const filter = h("select", { testid: "webhook-status-filter", id: "webhook-status-filter" }, [
    h("option", { value: "", text: T.allStatuses }),
    ...DELIVERY_STATUSES.map((value) => h("option", { value, text: T.deliveryStatuses[value] })),
  ]);
  filter.addEventListener("change", () => {
    status = filter.value;
    load(false);
  });
  const reload = h("button", { type: "button", class: "btn btn--sm", testid: "webhook-refresh", text: T.refreshLog, onclick: () => load(false) });
  const sub = h("p", { class: "card-sub mono", text: T.deliveriesOf(webhook.url) });
  const list = h("div", { class: "list-slot" }, h("p", { class: "loading", text: T.loading }));
  const card = h("section", { class: "card card--log", testid: "webhook-deliveries", "data-webhook-id": webhook.id, "aria-labelledby": "webhook-log-title" }, [
    h("header", { class: "card-head card-head--log" }, [
      h("div", { class: "grow" }, [h("h2", { class: "card-title", id: "webhook-log-title", text: T.deliveriesTitle }), sub]),
      h("div", { class: "log-controls" }, [h("label", { class: "log-filter" }, [h("span", { text: T.statusFilter }), filter]), reload]),
    ]),
    h("div", { class: "card-body" }, list),
  ]);
  els = { card, list, sub, filter };
  slot.replaceChildren(card);
}

async function load(more) {
  const seq = ++loadSeq;
  const query = deliveriesQuery({ status, before: more ? nextBefore : null });
  const res = await api("GET", "/api/webhooks/" + webhook.id + "/deliveries" + query);
  if (seq !== loadSeq) return;
  if (!res.ok) {
    els.list.replaceChildren(loadFailure(res, () => load(more)));
    return;
  }
  const page = res.data.data || [];
  deliveries = more ? deliveries.concat(page) : page;
  nextBefore = res.data.next_before || null;
  render();
}

function render() {
  if (!deliveries.length) {
    els.list.replaceChildren(emptyState(status ? T.deliveriesEmptyFiltered : T.deliveriesEmpty, "webhook-deliveries-empty"));
    return;
  }
  const columns = [T.colEvent, T.colStatus, T.colAttempts, T.colResponse, T.colLastAttempt, T.colNextAttempt];
  const head = h("thead", {}, h("tr", {}, columns.map((text) => h("th", { scope: "col", text })).concat(h("th", { scope: "col" }, h("span", { class: "sr-only", text: T.colActions })))));
  const more = nextBefore
    ? h("div", { class: "log-more" }, h("button", { type: "button", class: "btn btn--sm", testid: "webhook-more", text: T.loadMore, onclick: (event) => {
        event.currentTarget.disabled = true;
        load(true);
      } }))
    : null;
  const table = h("div", { class: "table-wrap" }, h("table", { class: "table table--cards table--log" }, [head, h("tbody", {}, deliveries.map(row))]));
  els.list.replaceChildren(...[table, more].filter(Boolean));
}

function row(delivery) {
  const view = deliveryView(delivery, T, PAGE_LANG);
  return h("tr", { testid: "delivery-row", "data-delivery-id": view.id, "data-status": view.status, "data-event-id": view.eventId, "data-event-type": view.eventType }, [
    h("td", { "data-label": T.colEvent }, h("div", { class: "event-cell" }, [
      h("span", { class: "mono event-type", text: view.eventType }),
      h("span", { class: "mono event-id", title: view.eventId, text: view.eventId }),
    ])),
    h("td", { "data-label": T.colStatus }, h("span", { class: "status-badge status-badge--" + view.status, testid: "delivery-status", text: view.statusLabel })),
    h("td", { "data-label": T.colAttempts, class: "num", text: view.attempts }),
    h("td", { "data-label": T.colResponse }, h("div", { class: "response-cell" }, [
      h("span", { class: "mono", testid: "delivery-code", text: view.code }),
      delivery.last_error ? h("span", { class: "response-error", testid: "delivery-error", text: view.error }) : null,
    ])),
    h("td", { "data-label": T.colLastAttempt, class: "nowrap" }, time(delivery.last_attempt_at, view.lastAttempt)),
    h("td", { "data-label": T.colNextAttempt, class: "nowrap" }, time(view.status === "pending" && delivery.next_attempt_at, view.nextAttempt)),
    // The server sends nothing to a webhook that is off (webhook_inactive): say so at once.
    h("td", { class: "cell-actions" }, h("button", { type: "button", class: "btn btn--xs", testid: "webhook-redeliver", text: T.redeliver, disabled: !webhook.active, title: webhook.active ? null : T.serverErrors.webhook_inactive, onclick: (event) => redeliver(delivery, event.currentTarget) })),
  ]);
}

function time(iso, text) {
  return iso ? h("time", { datetime: iso, title: formatTime(iso, PAGE_LANG, undefined, true), text }) : h("span", { class: "muted", text });
}

async function redeliver(delivery, button) {
  button.disabled = true;
  const res = await api("POST", "/api/webhooks/" + webhook.id + "/deliveries/" + delivery.id + "/redeliver");
  button.disabled = false;
  if (!res.ok) {
    toast(messageOf(errorOf(res), T), true);
    return;
  }
  toast(T.redeliverQueued);
  follow(res.data.event_id, delivery.id);
}

/** Reload the log a few times until a delivery of `eventId` newer than `afterId` settles. */
export function follow(eventId, afterId) {
  stopFollowing();
  const shown = webhook.id;
  let step = 0;
  const next = () => {
    if (step >= FOLLOW_DELAYS.length) return;
    followTimer = setTimeout(async () => {
      followTimer = null;
      if (shown !== webhook.id) return;
      step += 1;
      await load(false);
      // Unfiltered, the new delivery is on the first page; filtered, it may never show.
      if (shown === webhook.id && !settled(deliveries, eventId, afterId)) next();
    }, FOLLOW_DELAYS[step]);
  };
  next();
}

function stopFollowing() {
  if (followTimer) clearTimeout(followTimer);
  followTimer = null;
}
