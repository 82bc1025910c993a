/*
 * The Routing section: auto-close of inactive conversations (minutes, or off = null), and
 * whether plain agents see every open conversation (settings `workspace`).
 */

import { errorOf } from "./errors.js";
import { T } from "./i18n.js";
import { loadSettings, patchSettings } from "./store.js";
import { busy, card, checkbox, clearErrors, field, formError, h, mountWithSettings, showLocalErrors, showServerError, toast } from "./ui.js";
import { intInRange } from "./validate.js";

let root = null;
let saved = null; // {minutes: auto_close_minutes as stored, allOpen: agents_see_all_open}
let els = null;

function savedOf(settings) {
  return {
    minutes: settings.auto_close_minutes ?? null,
    allOpen: !!(settings.workspace && settings.workspace.agents_see_all_open),
  };
}

/** Build the section in `body` and load the settings. */
export function mount(body) {
  root = body;
  mountWithSettings(body, loadSettings, (settings) => {
    saved = savedOf(settings);
    build();
    fill();
  });
}

/** What the form asks for: null (off) or the minutes; undefined when the number is bad. */
function wanted() {
  if (!els.enabled.checked) return null;
  const n = intInRange(els.minutes.value, 1, 10080);
  return n === null ? undefined : n;
}

/** The PATCH body: only what changed. */
function changes(minutes) {
  const body = {};
  if (minutes !== saved.minutes) body.auto_close_minutes = minutes;
  if (els.allOpen.checked !== saved.allOpen) body.workspace = { agents_see_all_open: els.allOpen.checked };
  return body;
}

function build() {
  const enabled = checkbox(T.autoCloseEnabled, { testid: "admin-autoclose-enabled", name: "enabled", onchange: () => {
    if (enabled.input.checked && !els.minutes.value) els.minutes.value = "30";
    sync();
  } });
  const minutes = h("input", { type: "number", min: "1", max: "10080", step: "1", inputmode: "numeric", testid: "admin-autoclose-minutes", class: "input-narrow", oninput: () => sync() });
  const minutesField = field(T.autoCloseMinutes, minutes, { name: "auto_close_minutes", hint: T.autoCloseHint });
  const off = h("p", { class: "note", testid: "admin-autoclose-off", text: T.autoCloseOff });
  const allOpen = checkbox(T.agentsSeeAllOpen, { testid: "admin-agents-see-all-open", name: "agents_see_all_open", "aria-describedby": "agents-see-all-open-hint", onchange: () => sync() });
  const allOpenHint = h("p", { class: "note", id: "agents-see-all-open-hint", text: T.agentsSeeAllOpenHint });
  const save = h("button", { type: "submit", class: "btn btn--primary", testid: "admin-save", text: T.save, disabled: true });
  const dirty = h("span", { class: "save-state", testid: "admin-dirty", hidden: true, text: T.unsaved });
  const form = h("form", { class: "settings-form", novalidate: true }, [
    card(T.autoClose, [enabled.node, minutesField, off]),
    card(T.workspaceCard, [allOpen.node, allOpenHint]),
    h("div", { class: "save-bar" }, [dirty, formError(), save]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const value = wanted();
    if (value === undefined) {
      showLocalErrors(form, { auto_close_minutes: "invalidMinutes" });
      return;
    }
    const res = await busy(save, T.saving, () => patchSettings(changes(value)));
    if (!res.ok) {
      showServerError(form, errorOf(res), { auto_close_minutes: "auto_close_minutes" });
      sync();
      return;
    }
    saved = savedOf(res.data);
    toast(T.saved);
    fill();
  });
  els = { form, enabled: enabled.input, minutes, minutesField, off, allOpen: allOpen.input, save, dirty };
  root.replaceChildren(form);
}

function fill() {
  els.enabled.checked = saved.minutes !== null;
  els.minutes.value = saved.minutes === null ? "" : String(saved.minutes);
  els.allOpen.checked = saved.allOpen;
  sync();
}

function sync() {
  const on = els.enabled.checked;
  els.minutesField.hidden = !on;
  els.off.hidden = on;
  const value = wanted();
  const dirty = value !== saved.minutes || els.allOpen.checked !== saved.allOpen;
  els.save.disabled = !dirty;
  els.dirty.hidden = !dirty;
}
