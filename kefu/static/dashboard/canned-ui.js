/*
 * Canned responses on screen: the suggestions under "/shortcut" in the
 * composer (arrows + Enter/Tab insert, variables filled from the open
 * conversation and me), and the manager dialog (list, add, edit, delete:
 * personal ones, and team ones for admins).
 */

import { $, autoGrow, el, markActiveOption } from "../widget/core/dom.js";
import {
  canEdit, fillVariables, matchCanned, moveIndex, slashQuery, suggestionKey,
} from "./canned.js";
import { T, errorText } from "./i18n.js";
import { visitorName } from "./labels.js";
import { api } from "./session.js";
import { selectedEntry, state } from "./state.js";
import { toast } from "./views.js";

let responses = [];
let loaded = false;
let loading = null;

/** Read the agent's and the team's responses (again). */
export function loadCanned() {
  if (loading) return loading;
  loading = api("GET", "/api/canned-responses").then((res) => {
    loading = null;
    if (res.ok && res.data && Array.isArray(res.data.data)) {
      responses = res.data.data;
      loaded = true;
      renderManagerList();
    }
  });
  return loading;
}

/** The response's text for the selected conversation. */
function filled(item) {
  const entry = selectedEntry();
  const conv = entry ? entry.conv : null;
  const visitor = (conv && conv.visitor) || {};
  return fillVariables(item.content, {
    visitor,
    agent: state.me || {},
    fallbackName: conv && !visitor.name ? visitorName(conv) : "",
  });
}

/** Wire the suggestions to the composer `input`; returns its key and input handlers. */
export function bindCannedSuggestions(input) {
  const box = $("canned-suggest");
  const list = $("canned-list");
  $("canned-hint").textContent = T.cannedHint;
  let shown = [];
  let active = -1;

  function close() {
    box.hidden = true;
    list.textContent = "";
    shown = [];
    active = -1;
    input.removeAttribute("aria-activedescendant");
    input.setAttribute("aria-expanded", "false");
  }

  function highlight() {
    markActiveOption(list, input, active);
  }

  function insert(item) {
    input.value = filled(item);
    autoGrow(input);
    close();
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  function render(query) {
    shown = matchCanned(responses, query);
    list.textContent = "";
    if (!shown.length) {
      const empty = el("li", "canned-empty", T.cannedNone);
      list.appendChild(empty);
      active = -1;
    } else {
      shown.forEach((item, i) => {
        const li = el("li", "canned-item");
        li.id = "canned-option-" + item.id;
        li.dataset.testid = "canned-item";
        li.dataset.shortcut = item.shortcut;
        li.setAttribute("role", "option");
        const top = el("span", "canned-top");
        top.appendChild(el("span", "canned-shortcut", "/" + item.shortcut));
        if (item.scope === "team") top.appendChild(el("span", "canned-scope", T.cannedTeamBadge));
        li.append(top, el("span", "canned-text", filled(item)));
        // mousedown, not click: the composer keeps its focus.
        li.addEventListener("mousedown", (event) => {
          event.preventDefault();
          insert(shown[i]);
        });
        list.appendChild(li);
      });
      active = Math.min(Math.max(active, 0), shown.length - 1);
    }
    box.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight();
  }

  function onInput() {
    const query = slashQuery(input.value);
    if (query === null || !selectedEntry()) {
      close();
      return;
    }
    if (!loaded) loadCanned().then(() => {
      if (slashQuery(input.value) === query) render(query);
    });
    render(query);
  }

  /** True when the key was the suggestions' (the composer must not act on it). */
  function onKeydown(event) {
    const action = suggestionKey(event, !box.hidden, shown.length);
    if (!action) return false;
    event.preventDefault();
    if (action === "close") close();
    else if (action === "choose") insert(shown[Math.max(active, 0)]);
    else {
      active = moveIndex(active, action === "down" ? 1 : -1, shown.length);
      highlight();
    }
    return true;
  }

  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", "canned-list");
  input.setAttribute("aria-expanded", "false");
  close();
  return { onInput, onKeydown, onBlur: close };
}

/* ---------- the manager ---------- */

let editing = null; // the response being edited, or null for a new one

function renderManagerList() {
  const list = $("canned-manage-list");
  if (!list) return;
  list.textContent = "";
  $("canned-manage-empty").hidden = responses.length > 0;
  responses.forEach((item) => {
    const li = el("li", "canned-row");
    const text = el("div", "canned-row-text");
    const top = el("span", "canned-top");
    top.appendChild(el("span", "canned-shortcut", "/" + item.shortcut));
    if (item.scope === "team") top.appendChild(el("span", "canned-scope", T.cannedTeamBadge));
    text.append(top, el("span", "canned-text", item.content));
    li.appendChild(text);
    if (canEdit(item, state.me)) {
      const actions = el("div", "canned-row-actions");
      const edit = el("button", "btn btn--xs", T.cannedEdit);
      edit.type = "button";
      edit.addEventListener("click", () => startEdit(item));
      const del = el("button", "btn btn--xs btn--danger", T.cannedDelete);
      del.type = "button";
      del.addEventListener("click", () => removeCanned(item));
      actions.append(edit, del);
      li.appendChild(actions);
    }
    list.appendChild(li);
  });
}

function startEdit(item) {
  editing = item;
  $("canned-shortcut").value = item ? item.shortcut : "";
  $("canned-content").value = item ? item.content : "";
  $("canned-scope").value = item ? item.scope : "personal";
  $("canned-scope").disabled = !!item;
  $("canned-save").textContent = item ? T.cannedSave : T.cannedAdd;
  $("canned-cancel-edit").hidden = !item;
  $("canned-error").textContent = "";
  $("canned-shortcut").focus();
}

async function removeCanned(item) {
  if (!window.confirm(T.cannedConfirmDelete(item.shortcut))) return;
  const res = await api("DELETE", "/api/canned-responses/" + item.id);
  if (!res.ok) {
    toast(errorText(res.data && res.data.error, T) || T.somethingWrong, true);
    return;
  }
  if (editing && editing.id === item.id) startEdit(null);
  await loadCanned();
}

async function saveCanned(event) {
  event.preventDefault();
  const shortcut = $("canned-shortcut").value.trim().replace(/^\//, "");
  const content = $("canned-content").value;
  const body = editing ? { shortcut, content } : { shortcut, content, scope: $("canned-scope").value };
  const res = editing ?
    await api("PATCH", "/api/canned-responses/" + editing.id, body) :
    await api("POST", "/api/canned-responses", body);
  if (!res.ok) {
    $("canned-error").textContent = errorText(res.data && res.data.error, T) || String(res.status);
    return;
  }
  startEdit(null);
  await loadCanned();
}

function applyManagerStrings() {
  $("canned-open-text").textContent = T.cannedOpen;
  $("canned-open-inline").setAttribute("aria-label", T.cannedOpen);
  $("canned-open-inline").title = T.cannedOpen;
  $("canned-title").textContent = T.cannedTitle;
  $("canned-manage-empty").textContent = T.cannedEmpty;
  $("canned-shortcut-label").textContent = T.cannedShortcut;
  $("canned-content-label").textContent = T.cannedContent;
  $("canned-scope-label").textContent = T.cannedScope;
  $("canned-scope-personal").textContent = T.cannedPersonal;
  $("canned-scope-team").textContent = T.cannedTeam;
  $("canned-variables").textContent = T.cannedVariables;
  $("canned-cancel-edit").textContent = T.cannedCancel;
  $("canned-done").textContent = T.cannedDone;
}

export function bindCannedManager() {
  applyManagerStrings();
  const dialog = $("canned-dialog");
  const open = () => {
    const admin = state.me && state.me.role === "admin";
    $("canned-scope-field").hidden = !admin;
    startEdit(null);
    renderManagerList();
    loadCanned();
    dialog.showModal();
  };
  $("canned-open").addEventListener("click", open);
  $("canned-open-inline").addEventListener("click", open);
  $("canned-form").addEventListener("submit", saveCanned);
  $("canned-cancel-edit").addEventListener("click", () => startEdit(null));
  $("canned-done").addEventListener("click", () => dialog.close());
}
