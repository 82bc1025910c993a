/* The Canned responses section: the team's responses (add, edit, delete). */

import { errorOf, messageOf } from "./errors.js";
import { T } from "./i18n.js";
import { api } from "./store.js";
import { busy, clearErrors, confirmDialog, emptyState, field, formError, h, loadFailure, showLocalErrors, showServerError, toast } from "./ui.js";
import { isShortcut } from "./validate.js";

const ERROR_FIELDS = { shortcut: "shortcut", content: "content", "@duplicate_shortcut": "shortcut", "@message_too_long": "content" };

let root = null;
let editing = null; // the response being edited, or null when adding
let els = null;

/** Build the section in `body` and load the team's responses. */
export function mount(body) {
  root = body;
  const shortcut = h("input", { type: "text", maxlength: "64", autocomplete: "off", spellcheck: "false", class: "mono", testid: "admin-canned-shortcut" });
  const content = h("textarea", { rows: 3, testid: "admin-canned-content" });
  const title = h("h2", { class: "card-title", text: T.addCanned });
  const submit = h("button", { type: "submit", class: "btn btn--primary", testid: "admin-canned-submit", text: T.addCanned });
  const cancel = h("button", { type: "button", class: "btn", testid: "admin-canned-cancel", text: T.cancel, hidden: true, onclick: () => startEdit(null) });
  const form = h("form", { class: "card canned-editor", novalidate: true }, [
    h("header", { class: "card-head" }, title),
    h("div", { class: "card-body" }, [
      h("div", { class: "shortcut-row" }, [
        field(T.shortcut, shortcut, { name: "shortcut", hint: T.shortcutHint, className: "field--shortcut" }),
        field(T.content, content, { name: "content", hint: T.cannedVariables, className: "grow" }),
      ]),
      formError(),
      h("div", { class: "form-actions" }, [cancel, submit]),
    ]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const values = { shortcut: shortcut.value.trim().replace(/^\//, ""), content: content.value };
    const errors = {};
    if (!values.shortcut) errors.shortcut = "required";
    else if (!isShortcut(values.shortcut)) errors.shortcut = "invalidShortcut";
    if (!values.content.trim()) errors.content = "required";
    if (showLocalErrors(form, errors)) return;
    const res = await busy(submit, T.saving, () =>
      editing ? api("PATCH", "/api/canned-responses/" + editing.id, values) : api("POST", "/api/canned-responses", { ...values, scope: "team" }),
    );
    if (!res.ok) {
      showServerError(form, errorOf(res), ERROR_FIELDS);
      return;
    }
    toast(editing ? T.cannedSaved(res.data.shortcut) : T.cannedAdded(res.data.shortcut));
    startEdit(null);
    refresh();
  });
  els = { form, shortcut, content, title, submit, cancel };
  root.append(form, h("div", { id: "canned-list", class: "list-slot" }, h("p", { class: "loading", text: T.loading })));
  refresh();
}

function startEdit(item) {
  editing = item;
  clearErrors(els.form);
  els.shortcut.value = item ? item.shortcut : "";
  els.content.value = item ? item.content : "";
  els.title.textContent = item ? T.editCannedTitle(item.shortcut) : T.addCanned;
  els.submit.textContent = item ? T.saveCanned : T.addCanned;
  els.cancel.hidden = !item;
  els.form.classList.toggle("is-editing", !!item);
  if (item) {
    els.form.scrollIntoView({ block: "nearest" });
    els.content.focus();
  }
}

/** Load the team's responses again (the list also holds my personal ones: left out). */
export async function refresh() {
  if (!root) return;
  const slot = root.querySelector("#canned-list");
  const res = await api("GET", "/api/canned-responses");
  if (!res.ok) {
    slot.replaceChildren(loadFailure(res, refresh));
    return;
  }
  const team = (res.data.data || []).filter((c) => c.scope === "team");
  if (!team.length) {
    slot.replaceChildren(emptyState(T.cannedEmpty));
    return;
  }
  slot.replaceChildren(
    h("ul", { class: "canned-cards" }, team.map((item) =>
      h("li", { class: "canned-card", testid: "admin-canned-row", "data-canned-id": item.id }, [
        h("div", { class: "canned-card-text" }, [
          h("span", { class: "canned-shortcut", text: "/" + item.shortcut }),
          h("p", { class: "canned-content", text: item.content }),
        ]),
        h("div", { class: "row-actions" }, [
          h("button", { type: "button", class: "btn btn--xs", testid: "admin-canned-edit", text: T.edit, onclick: () => startEdit(item) }),
          h("button", { type: "button", class: "btn btn--xs btn--danger", testid: "admin-canned-delete", text: T.delete, onclick: () => remove(item) }),
        ]),
      ]),
    )),
  );
}

async function remove(item) {
  if (!(await confirmDialog(T.deleteCannedTitle(item.shortcut), T.deleteCannedText, T.delete, true))) return;
  const res = await api("DELETE", "/api/canned-responses/" + item.id);
  if (!res.ok) {
    toast(messageOf(errorOf(res), T), true);
    return;
  }
  if (editing && editing.id === item.id) startEdit(null);
  toast(T.cannedDeleted(item.shortcut));
  refresh();
}
