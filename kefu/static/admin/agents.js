/* The Agents section: the team's table; add, edit, reset a password, deactivate, reactivate. */

import { initials } from "../widget/core/format.js";
import * as Session from "../dashboard/session.js";
import { agentErrors, createBody, isActive, passwordErrors, ROLES, sortAgents, updateBody } from "./agent-model.js";
import { errorOf, messageOf } from "./errors.js";
import { T } from "./i18n.js";
import { api } from "./store.js";
import { busy, clearErrors, confirmDialog, emptyState, field, formError, h, modal, showLocalErrors, showServerError, toast } from "./ui.js";

const ERROR_FIELDS = {
  email: "email",
  name: "name",
  password: "password",
  role: "role",
  max_concurrent: "max_concurrent",
  skills: "skills",
  "@email_taken": "email",
  "@last_admin": "role",
};

let root = null;
let agents = [];
let groups = [];

/** Build the section in `body` and load the team. */
export function mount(body) {
  root = body;
  root.append(
    h("div", { class: "toolbar" }, [
      h("p", { class: "toolbar-text", id: "agents-count" }),
      h("button", { type: "button", class: "btn btn--primary", testid: "admin-agent-add", text: "+ " + T.addAgent, onclick: () => openAgentDialog(null) }),
    ]),
    h("div", { class: "list-slot", id: "agents-list" }, h("p", { class: "loading", text: T.loading })),
  );
  refresh();
}

/** Load the agents and skill groups again (statuses and loads change all the time). */
export async function refresh() {
  if (!root) return;
  const [res, groupRes] = await Promise.all([api("GET", "/api/agents"), api("GET", "/api/skill-groups")]);
  if (!res.ok) {
    renderFailure(messageOf(errorOf(res), T));
    return;
  }
  agents = res.data.data || [];
  if (groupRes.ok) groups = (groupRes.data.data || []).map((g) => g.name);
  render();
}

function renderFailure(text) {
  root.querySelector("#agents-list").replaceChildren(
    h("div", { class: "empty empty--error" }, [
      h("p", { text: T.loadFailed + " " + text }),
      h("button", { type: "button", class: "btn", text: T.retry, onclick: refresh }),
    ]),
  );
}

function meId() {
  const session = Session.current();
  return session && session.agent ? session.agent.id : null;
}

function render() {
  const slot = root.querySelector("#agents-list");
  const active = agents.filter(isActive).length;
  root.querySelector("#agents-count").textContent = T.agentCount(active, agents.length - active);
  if (!agents.length) {
    slot.replaceChildren(emptyState(T.agentsEmpty));
    return;
  }
  const head = h("thead", {}, h("tr", {}, [T.colAgent, T.colRole, T.colSkills, T.colCapacity, T.colStatus].map((text) => h("th", { scope: "col", text })).concat(h("th", { scope: "col" }, h("span", { class: "sr-only", text: T.colActions })))));
  const rows = sortAgents(agents).map(row);
  slot.replaceChildren(h("div", { class: "table-wrap" }, h("table", { class: "table table--cards" }, [head, h("tbody", {}, rows)])));
}

function row(agent) {
  const active = isActive(agent);
  const self = agent.id === meId();
  const status = active
    ? h("span", { class: "status status--" + agent.status }, [h("span", { class: "status-dot", "aria-hidden": "true" }), T.statuses[agent.status] || agent.status])
    : h("span", { class: "chip chip--muted", testid: "admin-agent-inactive", text: T.deactivated });
  const actions = active
    ? [
        h("button", { type: "button", class: "btn btn--xs", testid: "admin-agent-edit", text: T.edit, onclick: () => openAgentDialog(agent) }),
        h("button", { type: "button", class: "btn btn--xs", testid: "admin-agent-password", text: T.resetPassword, onclick: () => openPasswordDialog(agent) }),
        h("button", { type: "button", class: "btn btn--xs btn--danger", testid: "admin-agent-deactivate", text: T.deactivate, disabled: self, title: self ? T.selfHint : null, onclick: () => setActive(agent, false) }),
      ]
    : [h("button", { type: "button", class: "btn btn--xs", testid: "admin-agent-reactivate", text: T.reactivate, onclick: () => setActive(agent, true) })];
  return h("tr", { class: active ? "" : "is-inactive", testid: "admin-agent-row", "data-agent-id": agent.id, "data-active": active ? "true" : "false" }, [
    h("td", { "data-label": T.colAgent }, h("div", { class: "person" }, [
      h("span", { class: "avatar avatar--sm", "aria-hidden": "true", text: initials(agent.name) }),
      h("span", { class: "person-text" }, [
        h("span", { class: "person-name" }, [h("span", { text: agent.name }), self ? h("span", { class: "tag tag--accent", text: T.you }) : null]),
        h("span", { class: "person-sub", text: agent.email }),
      ]),
    ])),
    h("td", { "data-label": T.colRole }, h("span", { class: "role role--" + agent.role, text: T.roles[agent.role] || agent.role })),
    h("td", { "data-label": T.colSkills }, agent.skills && agent.skills.length ? h("span", { class: "tags" }, agent.skills.map((s) => h("span", { class: "tag", text: s }))) : h("span", { class: "muted", text: T.none })),
    h("td", { "data-label": T.colCapacity, text: T.load(agent.load || 0, agent.max_concurrent) }),
    h("td", { "data-label": T.colStatus }, status),
    h("td", { class: "cell-actions" }, h("div", { class: "row-actions" }, actions)),
  ]);
}

function skillPicker(selected) {
  const names = [...new Set([...groups, ...selected])].sort();
  const box = h("fieldset", { class: "field skill-picker", "data-field": "skills" }, [h("legend", { text: T.skills })]);
  if (!names.length) box.append(h("p", { class: "field-hint", text: T.noGroupsYet }));
  const list = h("div", { class: "check-grid" });
  names.forEach((name) => {
    list.append(
      h("label", { class: "check check--pill" }, [
        h("input", { type: "checkbox", name: "skills", value: name, checked: selected.includes(name), testid: "admin-agent-skill" }),
        h("span", { text: name }),
      ]),
    );
  });
  box.append(list, h("p", { class: "field-error", testid: "admin-field-error", "data-field": "skills", role: "alert" }));
  return box;
}

function roleSelect(value) {
  const select = h("select", { testid: "admin-agent-role" }, ROLES.map((role) => h("option", { value: role, text: T.roles[role] })));
  select.value = value;
  return select;
}

/** The add (agent null) or edit dialog. */
function openAgentDialog(agent) {
  const creating = !agent;
  const email = h("input", { type: "email", autocomplete: "off", testid: "admin-agent-email", maxlength: "255" });
  const name = h("input", { type: "text", autocomplete: "off", testid: "admin-agent-name", maxlength: "128", value: agent ? agent.name : "" });
  const password = h("input", { type: "password", autocomplete: "new-password", testid: "admin-agent-password-input" });
  const role = roleSelect(agent ? agent.role : "agent");
  const capacity = h("input", { type: "number", min: "1", max: "1000", step: "1", inputmode: "numeric", testid: "admin-agent-max", value: String(agent ? agent.max_concurrent : 5) });
  const roleHint = h("span", { class: "field-hint", text: T.roleHints[role.value] });
  role.addEventListener("change", () => {
    roleHint.textContent = T.roleHints[role.value] || "";
  });
  const submit = h("button", { type: "submit", class: "btn btn--primary", testid: "admin-agent-submit", text: creating ? T.createAgentSubmit : T.save });
  const form = h("form", { class: "dialog-form", novalidate: true, testid: "admin-agent-form" }, [
    creating ? field(T.email, email, { name: "email" }) : null,
    field(T.name, name, { name: "name" }),
    creating ? field(T.password, password, { name: "password" }) : null,
    h("div", { class: "field-row" }, [
      h("div", { class: "field", "data-field": "role" }, [h("label", { text: T.role, for: "agent-role" }), role, roleHint, h("p", { class: "field-error", testid: "admin-field-error", "data-field": "role", role: "alert" })]),
      field(T.maxConcurrent, capacity, { name: "max_concurrent" }),
    ]),
    skillPicker(agent ? agent.skills || [] : []),
    formError(),
  ]);
  role.id = "agent-role";
  role.name = "role";
  return modal(creating ? T.createAgentTitle : T.editAgentTitle(agent.name), (close) => {
    form.append(
      h("div", { class: "dialog-actions" }, [
        h("button", { type: "button", class: "btn", text: T.cancel, onclick: () => close(null) }),
        submit,
      ]),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(form);
      const values = {
        email: email.value,
        name: name.value,
        password: password.value,
        role: role.value,
        max_concurrent: capacity.value,
        skills: [...form.querySelectorAll("input[name=skills]:checked")].map((box) => box.value),
      };
      if (showLocalErrors(form, agentErrors(values, creating))) return;
      let res;
      if (creating) {
        res = await busy(submit, T.saving, () => api("POST", "/api/agents", createBody(values)));
      } else {
        const body = updateBody(agent, values);
        if (!body) {
          close(null);
          toast(T.agentNoChanges);
          return;
        }
        res = await busy(submit, T.saving, () => api("PATCH", "/api/agents/" + agent.id, body));
      }
      if (!res.ok) {
        showServerError(form, errorOf(res), ERROR_FIELDS);
        return;
      }
      close(res.data);
      toast(creating ? T.agentCreated(res.data.name) : T.agentSaved(res.data.name));
      refresh();
    });
    return form;
  }, { testid: "admin-agent-dialog" });
}

function openPasswordDialog(agent) {
  const password = h("input", { type: "password", autocomplete: "new-password", testid: "admin-password-new" });
  const again = h("input", { type: "password", autocomplete: "new-password", testid: "admin-password-again" });
  const submit = h("button", { type: "submit", class: "btn btn--primary", testid: "admin-password-submit", text: T.resetPasswordSubmit });
  return modal(T.passwordTitle(agent.name), (close) => {
    const form = h("form", { class: "dialog-form", novalidate: true }, [
      h("p", { class: "dialog-text", text: T.passwordHint }),
      field(T.newPassword, password, { name: "password" }),
      field(T.passwordAgain, again, { name: "again" }),
      formError(),
      h("div", { class: "dialog-actions" }, [h("button", { type: "button", class: "btn", text: T.cancel, onclick: () => close(null) }), submit]),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (showLocalErrors(form, passwordErrors(password.value, again.value))) return;
      const res = await busy(submit, T.saving, () => api("PATCH", "/api/agents/" + agent.id, { password: password.value }));
      if (!res.ok) {
        showServerError(form, errorOf(res), { password: "password" });
        return;
      }
      close(true);
      toast(T.passwordChanged(agent.name));
    });
    return form;
  }, { testid: "admin-password-dialog" });
}

async function setActive(agent, active) {
  const ok = active
    ? await confirmDialog(T.reactivateTitle(agent.name), T.reactivateText, T.reactivate, false)
    : await confirmDialog(T.deactivateTitle(agent.name), T.deactivateText, T.deactivate, true);
  if (!ok) return;
  const res = active ? await api("PATCH", "/api/agents/" + agent.id, { active: true }) : await api("DELETE", "/api/agents/" + agent.id);
  if (!res.ok) {
    toast(messageOf(errorOf(res), T), true);
    return;
  }
  toast(active ? T.agentReactivated(agent.name) : T.agentDeactivated(agent.name));
  refresh();
}
