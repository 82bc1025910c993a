/*
 * The Webhooks section: list the webhooks, add or edit one (URL, events, active), show a
 * signing secret once (after create or rotate), delete one, send a test event; the
 * delivery log of the chosen webhook is webhook-deliveries.js.
 */

import * as Log from "./webhook-deliveries.js";
import { errorOf, messageOf } from "./errors.js";
import { PAGE_LANG, T } from "./i18n.js";
import { api } from "./store.js";
import { busy, checkbox, clearErrors, confirmDialog, emptyState, field, formError, h, loadFailure, modal, revealSecret, showLocalErrors, showServerError, toast, when } from "./ui.js";
import { createBody, EVENT_TYPES, updateBody, webhookErrors, webhookForm } from "./webhook-model.js";

const ERROR_FIELDS = { url: "url", events: "events", active: "active", "@webhook_url_refused": "url" };

let root = null;
let webhooks = [];
let chosen = null; // the id whose delivery log is shown

/** Build the section in `body` and load the webhooks. */
export function mount(body) {
  root = body;
  root.dataset.testid = "admin-webhooks";
  root.append(
    h("div", { class: "toolbar" }, [
      h("p", { class: "toolbar-text", id: "webhooks-count" }),
      h("button", { type: "button", class: "btn btn--primary", testid: "webhook-new", text: "+ " + T.addWebhook, onclick: () => openDialog(null) }),
    ]),
    h("div", { id: "webhook-secret-slot" }),
    h("div", { id: "webhooks-list", class: "list-slot" }, h("p", { class: "loading", text: T.loading })),
    h("div", { id: "webhook-log-slot" }),
  );
  refresh();
}

/** Load the webhooks again, and the log of the one chosen (the first one at first). */
export async function refresh() {
  if (!root) return;
  const slot = root.querySelector("#webhooks-list");
  const res = await api("GET", "/api/webhooks");
  if (!res.ok) {
    slot.replaceChildren(loadFailure(res, refresh));
    return;
  }
  webhooks = res.data.data || [];
  root.querySelector("#webhooks-count").textContent = webhooks.length ? T.webhookCount(webhooks.length) : "";
  if (!webhooks.some((w) => w.id === chosen)) chosen = webhooks.length ? webhooks[0].id : null;
  render();
  showLog();
}

function render() {
  const slot = root.querySelector("#webhooks-list");
  if (!webhooks.length) {
    slot.replaceChildren(emptyState(T.webhooksEmpty));
    return;
  }
  const head = h("thead", {}, h("tr", {}, [T.colEndpoint, T.colEvents, T.colState].map((text) => h("th", { scope: "col", text })).concat(h("th", { scope: "col" }, h("span", { class: "sr-only", text: T.colActions })))));
  slot.replaceChildren(h("div", { class: "table-wrap" }, h("table", { class: "table table--cards table--webhooks" }, [head, h("tbody", {}, webhooks.map(row))])));
}

function eventTags(events) {
  if (EVENT_TYPES.every((type) => events.includes(type))) return h("span", { class: "tag tag--accent", text: T.allEvents });
  return h("span", { class: "tags" }, events.map((type) => h("span", { class: "tag mono", text: type })));
}

function row(webhook) {
  const test = h("button", {
    type: "button",
    class: "btn btn--xs",
    testid: "webhook-test",
    text: T.sendTest,
    disabled: !webhook.active,
    title: webhook.active ? null : T.testNeedsActive,
    onclick: () => sendTest(webhook, test),
  });
  return h("tr", { testid: "webhook-row", "data-webhook-id": webhook.id, "data-active": webhook.active ? "true" : "false", class: (webhook.active ? "" : "is-inactive") + (webhook.id === chosen ? " is-selected" : "") }, [
    h("td", { "data-label": T.colEndpoint, class: "endpoint-cell" }, h("div", { class: "endpoint" }, [
      h("span", { class: "endpoint-url mono", testid: "webhook-url-text", text: webhook.url }),
      h("span", { class: "person-sub", text: T.createdOn(when(webhook.created_at, PAGE_LANG)) }),
      webhook.previous_secret_until ? h("span", { class: "endpoint-note", testid: "webhook-overlap", text: T.oldSecretUntil(when(webhook.previous_secret_until, PAGE_LANG)) }) : null,
    ])),
    h("td", { "data-label": T.colEvents }, eventTags(webhook.events)),
    h("td", { "data-label": T.colState }, h("span", { class: "chip " + (webhook.active ? "chip--ok" : "chip--muted"), testid: "webhook-state", text: webhook.active ? T.webhookOn : T.webhookOff })),
    // Two short rows of buttons: the log and the test first, the changes below.
    h("td", { class: "cell-actions" }, h("div", { class: "webhook-actions" }, [
      h("div", { class: "row-actions" }, [
        h("button", { type: "button", class: "btn btn--xs" + (webhook.id === chosen ? " is-pressed" : ""), testid: "webhook-log", "aria-pressed": webhook.id === chosen ? "true" : "false", text: T.showDeliveries, onclick: () => choose(webhook.id) }),
        test,
      ]),
      h("div", { class: "row-actions" }, [
        h("button", { type: "button", class: "btn btn--xs", testid: "webhook-edit", text: T.edit, onclick: () => openDialog(webhook) }),
        h("button", { type: "button", class: "btn btn--xs", testid: "webhook-rotate", text: T.rotateSecret, onclick: () => rotate(webhook) }),
        h("button", { type: "button", class: "btn btn--xs btn--danger", testid: "webhook-delete", text: T.delete, onclick: () => remove(webhook) }),
      ]),
    ])),
  ]);
}

function choose(id) {
  chosen = id;
  render();
  showLog();
}

function showLog() {
  const webhook = webhooks.find((w) => w.id === chosen);
  const slot = root.querySelector("#webhook-log-slot");
  if (!webhook) slot.replaceChildren();
  else Log.show(slot, webhook);
}

/** Show a secret once: no later answer of the server holds it. */
function reveal(webhook, secret, rotated) {
  const until = rotated && webhook.previous_secret_until;
  revealSecret(root.querySelector("#webhook-secret-slot"), {
    secret,
    testid: "webhook",
    title: T.secretTitle(webhook.url),
    warning: T.secretOnce,
    copyFailed: T.copySecretFailed,
    note: until ? { testid: "webhook-secret-overlap", text: T.secretOverlap(when(until, PAGE_LANG)) } : null,
  });
}

function eventPicker(selected) {
  const box = h("fieldset", { class: "field event-picker", "data-field": "events" }, [h("legend", { class: "field-legend", text: T.webhookEvents })]);
  const list = h("div", { class: "event-list" });
  EVENT_TYPES.forEach((type) => {
    list.append(
      h("label", { class: "event-option" }, [
        h("input", { type: "checkbox", name: "events", value: type, checked: selected.includes(type), testid: "webhook-event" }),
        h("span", { class: "event-text" }, [h("span", { class: "event-name mono", text: type }), h("span", { class: "event-help", text: T.eventHelp[type] })]),
      ]),
    );
  });
  box.append(list, h("p", { class: "field-error", testid: "admin-field-error", "data-field": "events", role: "alert" }));
  return box;
}

/** The add (webhook null) or edit dialog. */
function openDialog(webhook) {
  const creating = !webhook;
  const initial = webhookForm(webhook);
  const url = h("input", { type: "url", autocomplete: "off", spellcheck: "false", class: "mono", maxlength: "2048", placeholder: T.webhookUrlPlaceholder, testid: "webhook-url", value: initial.url });
  const active = checkbox(T.webhookActive, { name: "active", checked: initial.active, testid: "webhook-active" });
  const submit = h("button", { type: "submit", class: "btn btn--primary", testid: creating ? "webhook-create" : "webhook-save", text: creating ? T.createWebhookSubmit : T.save });
  const form = h("form", { class: "dialog-form", novalidate: true, testid: "webhook-form" }, [
    field(T.webhookUrl, url, { name: "url", hint: T.webhookUrlHint }),
    eventPicker(initial.events),
    h("div", { class: "field", "data-field": "active" }, [
      active.node,
      h("span", { class: "field-hint", text: T.webhookActiveHint }),
      h("p", { class: "field-error", testid: "admin-field-error", "data-field": "active", role: "alert" }),
    ]),
    formError(),
  ]);
  return modal(creating ? T.createWebhookTitle : T.editWebhookTitle, (close) => {
    form.append(h("div", { class: "dialog-actions" }, [h("button", { type: "button", class: "btn", text: T.cancel, onclick: () => close(null) }), submit]));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(form);
      const values = { url: url.value, events: [...form.querySelectorAll("input[name=events]:checked")].map((box) => box.value), active: active.input.checked };
      if (showLocalErrors(form, webhookErrors(values))) return;
      let res;
      if (creating) {
        res = await busy(submit, T.saving, () => api("POST", "/api/webhooks", createBody(values)));
      } else {
        const body = updateBody(webhook, values);
        if (!body) {
          close(null);
          toast(T.agentNoChanges);
          return;
        }
        res = await busy(submit, T.saving, () => api("PATCH", "/api/webhooks/" + webhook.id, body));
      }
      if (!res.ok) {
        showServerError(form, errorOf(res), ERROR_FIELDS);
        return;
      }
      close(res.data);
      toast(creating ? T.webhookCreated : T.webhookSaved);
      if (creating) {
        chosen = res.data.id;
        reveal(res.data, res.data.secret, false);
      }
      refresh();
    });
    return form;
  }, { testid: "webhook-dialog", wide: true });
}

async function rotate(webhook) {
  if (!(await confirmDialog(T.rotateTitle, T.rotateText, T.rotate, false))) return;
  const res = await api("PATCH", "/api/webhooks/" + webhook.id, { rotate_secret: true });
  if (!res.ok) {
    toast(messageOf(errorOf(res), T), true);
    return;
  }
  reveal(res.data, res.data.secret, true);
  refresh();
}

async function remove(webhook) {
  if (!(await confirmDialog(T.deleteWebhookTitle(webhook.url), T.deleteWebhookText, T.delete, true))) return;
  const res = await api("DELETE", "/api/webhooks/" + webhook.id);
  if (!res.ok) {
    toast(messageOf(errorOf(res), T), true);
    return;
  }
  toast(T.webhookDeleted);
  refresh();
}

async function sendTest(webhook, button) {
  const res = await busy(button, null, () => api("POST", "/api/webhooks/" + webhook.id + "/test"));
  if (!res.ok) {
    toast(messageOf(errorOf(res), T), true);
    return;
  }
  toast(T.testQueued);
  if (chosen !== webhook.id) choose(webhook.id);
  Log.follow(res.data.event_id);
}
