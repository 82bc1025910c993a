/*
 * The API keys section: create a key (its secret shown this once, with a copy button),
 * list the keys by name and prefix, revoke one.
 */

import { errorOf, messageOf } from "./errors.js";
import { PAGE_LANG, T } from "./i18n.js";
import { api } from "./store.js";
import { busy, clearErrors, confirmDialog, emptyState, field, formError, h, loadFailure, revealSecret, showLocalErrors, showServerError, toast, when } from "./ui.js";

let root = null;

/** Build the section in `body` and load the keys. */
export function mount(body) {
  root = body;
  const name = h("input", { type: "text", maxlength: "128", autocomplete: "off", placeholder: T.keyPlaceholder, testid: "admin-apikey-name" });
  const create = h("button", { type: "submit", class: "btn btn--primary", testid: "admin-apikey-create", text: T.createKey });
  const form = h("form", { class: "inline-form", novalidate: true }, [field(T.keyName, name, { name: "name" }), create, formError()]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const value = name.value.trim();
    if (showLocalErrors(form, value ? {} : { name: "required" })) return;
    const res = await busy(create, T.saving, () => api("POST", "/api/api-keys", { name: value }));
    if (!res.ok) {
      showServerError(form, errorOf(res), { name: "name" });
      return;
    }
    name.value = "";
    reveal(res.data);
    refresh();
  });
  root.append(
    h("div", { class: "card" }, h("div", { class: "card-body" }, form)),
    h("div", { id: "key-secret-slot" }),
    h("div", { id: "keys-list", class: "list-slot" }, h("p", { class: "loading", text: T.loading })),
  );
  refresh();
}

/** Show a new key's secret once: it is in no later answer of the server. */
function reveal(created) {
  revealSecret(root.querySelector("#key-secret-slot"), {
    secret: created.key,
    testid: "admin-apikey",
    title: T.keyCreatedTitle(created.name),
    warning: T.keyOnce,
    copyFailed: T.copyFailed,
  });
}

/** Load the keys again. */
export async function refresh() {
  if (!root) return;
  const slot = root.querySelector("#keys-list");
  const res = await api("GET", "/api/api-keys");
  if (!res.ok) {
    slot.replaceChildren(loadFailure(res, refresh));
    return;
  }
  const keys = [...(res.data.data || [])].sort((a, b) => Number(!!a.revoked_at) - Number(!!b.revoked_at) || b.id - a.id);
  if (!keys.length) {
    slot.replaceChildren(emptyState(T.keysEmpty));
    return;
  }
  const head = h("thead", {}, h("tr", {}, [T.colKey, T.colPrefix, T.colCreated, T.colState].map((text) => h("th", { scope: "col", text })).concat(h("th", { scope: "col" }, h("span", { class: "sr-only", text: T.colActions })))));
  const rows = keys.map((key) =>
    h("tr", { testid: "admin-apikey-row", "data-apikey-id": key.id, class: key.revoked_at ? "is-inactive" : "" }, [
      h("td", { "data-label": T.colKey }, h("strong", { text: key.name })),
      h("td", { "data-label": T.colPrefix }, h("code", { class: "mono", text: key.prefix + "…" })),
      h("td", { "data-label": T.colCreated, text: when(key.created_at, PAGE_LANG) }),
      h("td", { "data-label": T.colState }, key.revoked_at ? h("span", { class: "chip chip--muted", text: T.keyRevoked(when(key.revoked_at, PAGE_LANG)) }) : h("span", { class: "chip chip--ok", text: T.keyActive })),
      h("td", { class: "cell-actions" }, key.revoked_at ? null : h("button", { type: "button", class: "btn btn--xs btn--danger", testid: "admin-apikey-revoke", text: T.revoke, onclick: () => revoke(key) })),
    ]),
  );
  slot.replaceChildren(h("div", { class: "table-wrap" }, h("table", { class: "table table--cards" }, [head, h("tbody", {}, rows)])));
}

async function revoke(key) {
  if (!(await confirmDialog(T.revokeTitle(key.name), T.revokeText, T.revoke, true))) return;
  const res = await api("DELETE", "/api/api-keys/" + key.id);
  if (!res.ok) {
    toast(messageOf(errorOf(res), T), true);
    return;
  }
  toast(T.keyRevokedToast(key.name));
  refresh();
}
