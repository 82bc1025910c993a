/*
 * The Skill groups section: the groups (add, delete), how many agents hold each, and which
 * ones the widget offers visitors, with their label per language (settings
 * `widget.skill_groups`).
 */

import { errorOf, messageOf } from "./errors.js";
import { T } from "./i18n.js";
import { labelFrom, labelInputs } from "./labels.js";
import { api, loadSettings, patchSettings } from "./store.js";
import { busy, clearErrors, confirmDialog, emptyState, field, formError, h, loadFailure, showLocalErrors, showServerError, toast } from "./ui.js";
import { isSkillName } from "./validate.js";

let root = null;
let groups = [];
let members = new Map();
let offered = []; // [{name, label}] as the settings hold them

/** Build the section in `body` and load the groups. */
export function mount(body) {
  root = body;
  const name = h("input", { type: "text", autocomplete: "off", maxlength: "64", placeholder: T.groupPlaceholder, testid: "admin-group-name" });
  const add = h("button", { type: "submit", class: "btn btn--primary", testid: "admin-group-add", text: T.addGroup });
  const form = h("form", { class: "inline-form", novalidate: true }, [field(T.groupName, name, { name: "name", hint: T.invalidSkillName }), add, formError()]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const value = name.value.trim();
    if (showLocalErrors(form, !value ? { name: "required" } : isSkillName(value) ? {} : { name: "invalidSkillName" })) return;
    const res = await busy(add, T.saving, () => api("POST", "/api/skill-groups", { name: value }));
    if (!res.ok) {
      showServerError(form, errorOf(res), { name: "name", "@skill_group_exists": "name" });
      return;
    }
    name.value = "";
    toast(T.groupAdded(value));
    refresh();
  });
  root.append(h("div", { class: "card" }, h("div", { class: "card-body" }, form)), h("div", { id: "groups-list", class: "list-slot" }, h("p", { class: "loading", text: T.loading })));
  refresh();
}

/** Load the groups, the agents (for the counts) and the widget's choices again. */
export async function refresh() {
  if (!root) return;
  const [res, agentRes, settingsRes] = await Promise.all([api("GET", "/api/skill-groups"), api("GET", "/api/agents"), loadSettings(true)]);
  const slot = root.querySelector("#groups-list");
  if (!res.ok || !settingsRes.ok) {
    slot.replaceChildren(loadFailure(res.ok ? settingsRes : res, refresh));
    return;
  }
  groups = (res.data.data || []).map((g) => g.name);
  members = new Map();
  if (agentRes.ok) {
    (agentRes.data.data || []).filter((a) => a.active !== false).forEach((a) => (a.skills || []).forEach((s) => members.set(s, (members.get(s) || 0) + 1)));
  }
  offered = (settingsRes.data.widget && settingsRes.data.widget.skill_groups) || [];
  render();
}

function render() {
  const slot = root.querySelector("#groups-list");
  if (!groups.length) {
    slot.replaceChildren(emptyState(T.groupsEmpty));
    return;
  }
  const byName = new Map(offered.map((g) => [g.name, g]));
  const rows = groups.map((name) => {
    const chosen = byName.get(name);
    const label = labelInputs(chosen ? chosen.label : "");
    const offer = h("input", { type: "checkbox", checked: !!chosen, testid: "admin-group-offer", "aria-label": T.offerInWidget(name) });
    const en = h("input", { type: "text", value: label.en, placeholder: name, maxlength: "200", testid: "admin-group-label-en", "aria-label": T.colLabels + " · " + T.labelEn, disabled: !chosen });
    const zh = h("input", { type: "text", value: label.zh, placeholder: name, maxlength: "200", testid: "admin-group-label-zh", "aria-label": T.colLabels + " · " + T.labelZh, disabled: !chosen, lang: "zh-CN" });
    offer.addEventListener("change", () => {
      en.disabled = zh.disabled = !offer.checked;
      markDirty();
    });
    en.addEventListener("input", markDirty);
    zh.addEventListener("input", markDirty);
    return h("tr", { testid: "admin-group-row", "data-group": name }, [
      h("td", { "data-label": T.colGroup }, h("span", { class: "group-name", text: name })),
      h("td", { "data-label": T.colMembers, text: String(members.get(name) || 0) }),
      h("td", { "data-label": T.colOffer }, h("label", { class: "switch" }, [offer, h("span", { class: "switch-track", "aria-hidden": "true" })])),
      h("td", { "data-label": T.colLabels }, h("div", { class: "label-pair" }, [
        h("label", { class: "mini-field" }, [h("span", { text: T.labelEn }), en]),
        h("label", { class: "mini-field" }, [h("span", { text: T.labelZh }), zh]),
      ])),
      h("td", { class: "cell-actions" }, h("button", { type: "button", class: "btn btn--xs btn--danger", testid: "admin-group-delete", text: T.delete, onclick: () => remove(name) })),
    ]);
  });
  const save = h("button", { type: "button", class: "btn btn--primary", testid: "admin-save", text: T.saveLabels, onclick: () => saveOffered(save) });
  const head = h("thead", {}, h("tr", {}, [T.colGroup, T.colMembers, T.colOffer, T.colLabels].map((text) => h("th", { scope: "col", text })).concat(h("th", { scope: "col" }, h("span", { class: "sr-only", text: T.colActions })))));
  slot.replaceChildren(
    h("div", { class: "table-wrap" }, h("table", { class: "table table--cards", id: "groups-table" }, [head, h("tbody", {}, rows)])),
    h("div", { class: "save-bar" }, [h("span", { class: "save-state", id: "groups-dirty", testid: "admin-dirty", hidden: true, text: T.unsaved }), formError(), save]),
  );
}

function markDirty() {
  const flag = root.querySelector("#groups-dirty");
  if (flag) flag.hidden = false;
}

async function saveOffered(button) {
  const bar = root.querySelector("#groups-list");
  clearErrors(bar);
  const choices = [...root.querySelectorAll("[data-testid=admin-group-row]")]
    .filter((tr) => tr.querySelector("[data-testid=admin-group-offer]").checked)
    .map((tr) => {
      const name = tr.dataset.group;
      const en = tr.querySelector("[data-testid=admin-group-label-en]").value;
      const zh = tr.querySelector("[data-testid=admin-group-label-zh]").value;
      return { name, label: labelFrom({ en, zh }, name) };
    });
  const res = await busy(button, T.saving, () => patchSettings({ widget: { skill_groups: choices } }));
  if (!res.ok) {
    showServerError(bar, errorOf(res), {});
    return;
  }
  offered = res.data.widget.skill_groups || [];
  toast(T.saved);
  render();
}

async function remove(name) {
  if (!(await confirmDialog(T.deleteGroupTitle(name), T.deleteGroupText, T.delete, true))) return;
  const res = await api("DELETE", "/api/skill-groups/" + encodeURIComponent(name));
  if (!res.ok) {
    toast(messageOf(errorOf(res), T), true);
    return;
  }
  toast(T.groupDeleted(name));
  refresh();
}
