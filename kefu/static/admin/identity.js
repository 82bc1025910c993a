/*
 * The identity verification section: whether a secret signs identified users (and where it
 * comes from), generating or rotating it, and showing a new one this once with a copy
 * button. No answer of the server holds the secret afterwards, only its last characters.
 */

import { errorOf, messageOf } from "./errors.js";
import { PAGE_LANG, T } from "./i18n.js";
import { api } from "./store.js";
import { busy, card, confirmDialog, h, loadFailure, revealSecret, toast, when } from "./ui.js";

const URL = "/api/settings/identity-secret";
let root = null;

/** Build the section in `body` and read what is known of the secret. */
export function mount(body) {
  root = body;
  root.append(
    h("div", { id: "identity-secret-slot" }),
    h("div", { id: "identity-status", class: "list-slot" }, h("p", { class: "loading", text: T.loading })),
    card(T.identityHowTitle, [
      h("p", { class: "identity-how", text: T.identityHow }),
      h("pre", { class: "identity-formula" }, h("code", { text: "user_hash = hex(HMAC-SHA256(secret, user_id))" })),
    ]),
  );
  refresh();
}

/** Read the secret's description again. */
export async function refresh() {
  if (!root) return;
  const slot = root.querySelector("#identity-status");
  const res = await api("GET", URL);
  if (!res.ok) {
    slot.replaceChildren(loadFailure(res, refresh));
    return;
  }
  slot.replaceChildren(statusCard(res.data));
}

function statusCard(info) {
  const source = info.set ? info.source : "none";
  const lines = [h("p", { class: "identity-state", testid: "admin-identity-state", text: stateText(info) })];
  if (info.set) {
    lines.push(h("p", { class: "identity-last4" }, [T.identityEndsIn + " ", h("code", { class: "mono", testid: "admin-identity-last4", text: "…" + info.last4 })]));
  }
  if (info.previous_valid_until) {
    lines.push(h("p", { class: "endpoint-note", testid: "admin-identity-overlap", text: T.identityOverlap(when(info.previous_valid_until, PAGE_LANG)) }));
  }
  const generate = h("button", { type: "button", class: "btn btn--primary", testid: "admin-identity-generate", text: info.set ? T.identityRotate : T.identityGenerate });
  generate.addEventListener("click", () => rotate(info, generate));
  return h("section", { class: "card", testid: "admin-identity-status", "data-source": source }, [
    h("header", { class: "card-head" }, [h("h2", { class: "card-title", text: T.identityStatusTitle }), generate]),
    h("div", { class: "card-body" }, lines),
  ]);
}

function stateText(info) {
  if (!info.set) return T.identityNone;
  if (info.source === "environment") return T.identityFromEnv;
  return T.identityFromConsole(when(info.set_at, PAGE_LANG));
}

async function rotate(info, button) {
  if (info.set && !(await confirmDialog(T.identityRotateTitle, T.identityRotateText, T.identityRotate, true))) return;
  const res = await busy(button, T.saving, () => api("POST", URL));
  if (!res.ok) {
    toast(messageOf(errorOf(res), T), true);
    return;
  }
  reveal(res.data);
  refresh();
}

/** Show the new secret this once, with a copy button; Done forgets it. */
function reveal(created) {
  const until = created.previous_valid_until;
  revealSecret(root.querySelector("#identity-secret-slot"), {
    secret: created.secret,
    testid: "admin-identity",
    title: T.identityRevealTitle,
    warning: T.identityOnce,
    copyFailed: T.copySecretFailed,
    note: until ? { testid: "admin-identity-secret-overlap", text: T.identityOverlap(when(until, PAGE_LANG)) } : null,
  });
}
