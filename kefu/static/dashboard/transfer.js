/*
 * The transfer picker: every colleague with status and load (from the directory every
 * agent may read, kept live by `agent` events) and every skill group, for one of my
 * conversations or, for a supervisor, anyone's. Agents the server would refuse (not
 * online, or full) are shown but cannot be chosen. An optional hand-over note is posted
 * as a private note first, so the colleague finds it in the thread.
 */

import { emitAck } from "../widget/core/ack.js";
import { $, el } from "../widget/core/dom.js";
import { uuid } from "../widget/core/uuid.js";
import { loadDirectory, onAgentsChanged } from "./agents.js";
import { onConversationEvent } from "./conversations.js";
import { T, errorText } from "./i18n.js";
import { transferText, visitorName } from "./labels.js";
import { addMessage } from "./messages.js";
import { currentThread, state } from "./state.js";
import { agentTargets, groupTargets, targetPayload } from "./transfer-targets.js";
import { toast } from "./views.js";

let target = null; // the conversation being handed over
let afterTransfer = () => {};

function isOpen() {
  return $("transfer-dialog").open;
}

function targetRow(value, title, detail, disabledReason) {
  const row = el("label", "target");
  row.dataset.testid = "transfer-target";
  const radio = el("input");
  radio.type = "radio";
  radio.name = "pick";
  radio.value = value;
  radio.disabled = !!disabledReason;
  const text = el("span", "target-text");
  text.append(el("span", "target-name", title), el("span", "target-detail", detail));
  row.append(radio, text);
  if (disabledReason) {
    row.classList.add("is-unavailable");
    row.append(el("span", "target-why", disabledReason));
  }
  return row;
}

function agentRow(a) {
  const row = targetRow("agent:" + a.id, a.name, "", a.reason ? T.targetWhy[a.reason] : "");
  row.dataset.agentId = String(a.id);
  row.dataset.status = a.status;
  const detail = row.querySelector(".target-detail");
  const dot = el("span", "dot dot--" + a.status);
  dot.setAttribute("aria-hidden", "true");
  detail.append(dot, el("span", null, T.agentStatus[a.status] || a.status),
    el("span", "target-load", T.load(a.load, a.max_concurrent)));
  if (a.skills && a.skills.length) detail.append(el("span", "target-skills", a.skills.join(", ")));
  row.title = T.agentTarget(a.name, T.agentStatus[a.status] || a.status, a.load, a.max_concurrent);
  return row;
}

function groupRow(g) {
  const row = targetRow("group:" + g.name, g.name, g.free ? T.groupFree(g.free) : T.groupNobody, "");
  row.dataset.group = g.name;
  if (!g.free) row.classList.add("is-warned");
  return row;
}

/** Draw the targets, keeping the choice made so far when it is still possible. */
function renderTargets() {
  if (!target) return;
  const list = $("transfer-targets");
  const chosen = list.querySelector("input:checked");
  const keep = chosen ? chosen.value : "";
  const exclude = target.agent ? [target.agent.id] : [];
  const agents = agentTargets(state.agents.values(), exclude);
  const groups = groupTargets(state.skillGroups, state.agents.values());
  list.textContent = "";
  list.append(el("p", "target-heading", T.transferAgents));
  if (!agents.length) list.append(el("p", "side-empty", T.transferNoAgents));
  agents.forEach((a) => list.append(agentRow(a)));
  list.append(el("p", "target-heading", T.transferGroups));
  if (!groups.length) list.append(el("p", "side-empty", T.transferNoGroups));
  groups.forEach((g) => list.append(groupRow(g)));
  const again = Array.from(list.querySelectorAll("input")).find((i) => i.value === keep && !i.disabled);
  if (again) again.checked = true;
}

/** Open the picker for `conv` (default: the conversation in the chat pane). */
export async function openTransfer(conv) {
  const thread = currentThread();
  const chosen = conv || (thread && !thread.ended ? thread.conv : null);
  if (!chosen || chosen.status !== "open") return;
  target = chosen;
  $("transfer-title").textContent = T.transferTitle;
  const holder = !chosen.agent ? "" : state.me && chosen.agent.id === state.me.id ? T.transferYou : chosen.agent.name;
  $("transfer-sub").textContent = T.transferSub(visitorName(chosen), holder);
  $("transfer-note").value = "";
  $("transfer-error").textContent = "";
  $("transfer-targets").textContent = "";
  if (!isOpen()) $("transfer-dialog").showModal();
  await loadDirectory();
  if (target !== chosen) return;
  renderTargets();
  const first = $("transfer-targets").querySelector("input:not(:disabled)");
  if (first) first.focus();
}

async function postHandOverNote(conversationId, text) {
  const ack = await emitAck(state.socket, "message", {
    conversation_id: conversationId, client_id: uuid(), content: text, type: "text", private: true,
  }, 10000);
  const entry = state.convs.get(conversationId);
  if (ack.ok && entry && ack.message) addMessage(entry, ack.message);
  return ack;
}

async function submitTransfer(event) {
  event.preventDefault();
  if (!target) return;
  const error = $("transfer-error");
  error.textContent = "";
  const chosen = $("transfer-targets").querySelector("input:checked");
  const fields = targetPayload(chosen && chosen.value);
  if (!fields) {
    error.textContent = T.transferChoose;
    return;
  }
  const button = $("transfer-submit");
  button.disabled = true;
  try {
    const note = $("transfer-note").value.trim();
    if (note) {
      const posted = await postHandOverNote(target.id, note);
      if (!posted.ok) {
        error.textContent = errorText(posted.error, T);
        return;
      }
      $("transfer-note").value = "";
    }
    const ack = await emitAck(state.socket, "transfer", { conversation_id: target.id, ...fields }, 10000);
    if (!ack.ok) {
      error.textContent = errorText(ack.error, T);
      await loadDirectory();
      renderTargets();
      return;
    }
    $("transfer-dialog").close();
    onConversationEvent(ack.conversation);
    toast(transferText(ack.conversation));
    afterTransfer(ack.conversation);
  } finally {
    button.disabled = false;
  }
}

/** `after(conv)` runs once a transfer went through (the All open view reads again). */
export function bindTransfer(after) {
  afterTransfer = after || afterTransfer;
  $("transfer-open").addEventListener("click", () => openTransfer());
  $("transfer-cancel").addEventListener("click", () => $("transfer-dialog").close());
  $("transfer-dialog").addEventListener("close", () => {
    target = null;
  });
  $("transfer-form").addEventListener("submit", submitTransfer);
  $("transfer-note-label").textContent = T.transferNote;
  $("transfer-note").placeholder = T.transferNoteHint;
  $("transfer-cancel").textContent = T.cancel;
  $("transfer-submit").textContent = T.transferSubmit;
  $("transfer-open").textContent = T.transfer;
  onAgentsChanged(() => {
    if (isOpen()) renderTargets();
  });
}
