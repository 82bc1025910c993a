/*
 * The transfer dialog: to an agent (an admin picks from the directory, an
 * agent types an ID) or to a skill group's queue.
 */

import { emitAck } from "../widget/core/ack.js";
import { $, el } from "../widget/core/dom.js";
import { loadAgents } from "./agents.js";
import { onConversationEvent } from "./conversations.js";
import { agentOptionLabel, compareAgents, transferText } from "./labels.js";
import { state } from "./state.js";
import { toast } from "./views.js";

function isAdmin() {
  return !!state.me && state.me.role === "admin";
}

function toAgent() {
  return $("transfer-form").elements.target.value === "agent";
}

function selectedOpenEntry() {
  const entry = state.selected && state.convs.get(state.selected.id);
  return entry && !entry.ended ? entry : null;
}

async function openTransfer() {
  if (!selectedOpenEntry()) return;
  const admin = isAdmin();
  if (admin) await loadAgents();
  const select = $("transfer-agent-select");
  select.textContent = "";
  if (admin) {
    Array.from(state.agents.values())
      .filter((a) => a.id !== state.me.id)
      .sort(compareAgents)
      .forEach((a) => {
        const option = el("option", null, agentOptionLabel(a));
        option.value = String(a.id);
        select.appendChild(option);
      });
  }
  const groups = $("transfer-groups");
  groups.textContent = "";
  Array.from(state.skillGroups).sort().forEach((g) => {
    const option = el("option");
    option.value = g;
    groups.appendChild(option);
  });
  $("transfer-agent-id").value = "";
  $("transfer-group").value = "";
  $("transfer-error").textContent = "";
  $("transfer-form").elements.target.value = "agent";
  updateTransferFields();
  $("transfer-dialog").showModal();
  (admin ? select : $("transfer-agent-id")).focus();
}

function updateTransferFields() {
  const agent = toAgent();
  const admin = isAdmin();
  $("transfer-agent-pick").hidden = !agent || !admin;
  $("transfer-agent-manual").hidden = !agent || admin;
  $("transfer-group-field").hidden = agent;
}

async function submitTransfer(event) {
  event.preventDefault();
  const entry = state.selected && state.convs.get(state.selected.id);
  if (!entry) return;
  const error = $("transfer-error");
  error.textContent = "";
  const payload = { conversation_id: entry.id };
  if (toAgent()) {
    const raw = state.me.role === "admin" ? $("transfer-agent-select").value : $("transfer-agent-id").value;
    const agentId = parseInt(raw, 10);
    if (!agentId || agentId < 1) {
      error.textContent = "Choose the agent to transfer to.";
      return;
    }
    payload.agent_id = agentId;
  } else {
    const group = $("transfer-group").value.trim();
    if (!group) {
      error.textContent = "Enter the skill group to transfer to.";
      return;
    }
    payload.skill_group = group;
  }
  const button = $("transfer-submit");
  button.disabled = true;
  const ack = await emitAck(state.socket, "transfer", payload, 10000);
  button.disabled = false;
  if (!ack.ok) {
    error.textContent = ack.error.message;
    return;
  }
  $("transfer-dialog").close();
  onConversationEvent(ack.conversation);
  toast(transferText(ack.conversation));
}

export function bindTransfer() {
  const form = $("transfer-form");
  $("transfer-open").addEventListener("click", openTransfer);
  $("transfer-cancel").addEventListener("click", () => $("transfer-dialog").close());
  form.addEventListener("submit", submitTransfer);
  form.addEventListener("change", (event) => {
    if (event.target.name === "target") updateTransferFields();
  });
}
