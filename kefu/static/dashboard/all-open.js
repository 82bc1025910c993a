/*
 * All open (supervisors and admins): every agent's open conversations with their agent,
 * each one reassignable. The server sends a supervisor no `conversation` event for a
 * colleague's chat, so the list is read again (coalesced) on the events every agent gets:
 * `queue` and `agent` (loads move with each assignment, close and transfer), on its own
 * `conversation` events, at every connect and at every reconcile.
 */

import { $, el } from "../widget/core/dom.js";
import { coalesce } from "../widget/core/coalesce.js";
import { formatAge, initials } from "../widget/core/format.js";
import { seesAllOpen, sortAllOpen } from "./all-open-rules.js";
import { renderChatState } from "./chat-pane.js";
import { T } from "./i18n.js";
import { visitorName } from "./labels.js";
import { refreshPreview } from "./preview.js";
import { api } from "./session.js";
import { state } from "./state.js";
import { KeyedList, itemSkeleton } from "./views.js";

const PER_PAGE = 100;

const shown = new Map(); // id -> conversation, in the order shown
let list = null;
let total = 0;
let asked = 0; // the newest read: older answers are dropped
let handlers = { open: () => {}, reassign: () => {} };

export function allOpenConversation(id) {
  return shown.get(id) || null;
}

function enabled() {
  return !!state.me && seesAllOpen(state.me.role);
}

function build(id) {
  const { li, sub } = itemSkeleton(id, "conv-item conv-item--all", (cid) => handlers.open(cid));
  // The age goes under the name, so a long name keeps the top line to itself.
  sub.append(el("span", "agent-tag"), el("span", "conv-preview"));
  const reassign = el("button", "btn btn--xs conv-pick", T.reassign);
  reassign.type = "button";
  reassign.dataset.testid = "reassign";
  reassign.addEventListener("click", () => {
    const conv = shown.get(id);
    if (conv) handlers.reassign(conv);
  });
  li.appendChild(reassign);
  return li;
}

function fill(li, row) {
  const conv = row.conv;
  const name = visitorName(conv);
  const agent = conv.agent ? conv.agent.name : "—";
  li.dataset.agentId = conv.agent ? String(conv.agent.id) : "";
  li.querySelector(".avatar").textContent = initials(name);
  li.querySelector(".conv-name").textContent = name;
  const age = formatAge(conv.assigned_at || conv.created_at, undefined, T.age);
  li.querySelector(".agent-tag").textContent = agent;
  li.querySelector(".conv-preview").textContent = [age, conv.skill_group].filter(Boolean).join(" · ");
  li.querySelector(".conv-pick").setAttribute("aria-label", T.reassignLabel(name, agent));
  li.querySelector(".conv-open").setAttribute("aria-label", T.allOpenItem(name, agent));
  li.classList.toggle("is-selected", !!state.selected && state.selected.kind === "all" && state.selected.id === row.id);
}

export function renderAllOpen() {
  if (!list) return;
  const on = enabled();
  $("all-open-section").hidden = !on;
  if (!on) return;
  list.render(Array.from(shown.values()).map((conv) => ({ id: conv.id, conv })), fill);
  $("all-open-count").textContent = String(total);
  const empty = $("all-open-empty");
  empty.hidden = shown.size > 0;
  const more = $("all-open-more");
  more.hidden = total <= shown.size;
  more.textContent = T.allOpenMore(shown.size, total);
}

/** Read every open conversation again (the newest read wins). */
export async function loadAllOpen() {
  if (!enabled()) return;
  const ticket = ++asked;
  const res = await api("GET", "/api/conversations?status=open&per_page=" + PER_PAGE);
  if (ticket !== asked || !res.ok) return;
  const before = new Set(shown.keys());
  shown.clear();
  sortAllOpen(res.data.data || []).forEach((conv) => shown.set(conv.id, conv));
  total = res.data.total || 0;
  renderAllOpen();
  followWatched();
}

// The colleague's chat on screen follows the list: a new agent, new messages (no event
// brings them to a supervisor), or its end once it left the list.
async function followWatched() {
  const p = state.preview;
  if (!p || !state.selected || state.selected.kind !== "all" || state.selected.id !== p.id || p.ended) return;
  const now = shown.get(p.id);
  if (now) {
    p.conv = now;
    refreshPreview();
  } else {
    const res = await api("GET", "/api/conversations/" + p.id);
    if (!res.ok || state.preview !== p) return;
    p.conv = res.data;
    if (res.data.status !== "open") p.ended = res.data.status === "closed" ? "closed" : "transferred";
    refreshPreview();
  }
  renderChatState();
}

/** Something moved somewhere: read again, once per burst of events. */
export const refreshAllOpen = coalesce(() => loadAllOpen(), 300);

function setOpen(open) {
  $("tab-all").setAttribute("aria-expanded", open ? "true" : "false");
  $("all-open-body").hidden = !open;
}

/** `open(id)` watches a conversation in the chat pane, `reassign(conv)` opens the transfer
 * picker for it. */
export function bindAllOpen(given) {
  handlers = given;
  list = new KeyedList($("all-open-list"), build);
  $("all-open-title").textContent = T.allOpenTab;
  $("all-open-empty").textContent = T.allOpenEmpty;
  $("tab-all").addEventListener("click", () => {
    setOpen($("tab-all").getAttribute("aria-expanded") !== "true");
  });
  setOpen(true);
  renderAllOpen();
}

/** Forget everything (sign-out). */
export function clearAllOpen() {
  shown.clear();
  total = 0;
  asked += 1;
  renderAllOpen();
}
