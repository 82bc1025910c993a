/*
 * All open: every agent's open conversations with their agent, for supervisors and admins
 * (who may reassign them) and for plain agents when an admin allows it (read-only). The
 * server sends whoever sees the view a `conversation` event for every open conversation's
 * change, so the list follows those events; it is read whole at every connect (nothing
 * missed while disconnected stays) and at every reconcile. The colleague's chat on screen
 * is watched (the `watch` event): its messages come as they are written.
 */

import { $, el, isNearBottom, scrollToBottom } from "../widget/core/dom.js";
import { coalesce } from "../widget/core/coalesce.js";
import { formatAge, initials } from "../widget/core/format.js";
import { applyConversation, mayReassign, seesAllOpen, sortAllOpen } from "./all-open-rules.js";
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
let agentsMaySee = false; // settings workspace.agents_see_all_open, from `workspace` events
let watched = null; // the conversation id this socket watches (told to the server)

export function allOpenConversation(id) {
  return shown.get(id) || null;
}

function enabled() {
  return !!state.me && seesAllOpen(state.me.role, agentsMaySee);
}

function reassigns() {
  return !!state.me && mayReassign(state.me.role);
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
  const pick = li.querySelector(".conv-pick");
  pick.hidden = !reassigns();
  pick.setAttribute("aria-label", T.reassignLabel(name, agent));
  li.querySelector(".conv-open").setAttribute("aria-label", T.allOpenItem(name, agent));
  li.classList.toggle("is-selected", !!state.selected && state.selected.kind === "all" && state.selected.id === row.id);
}

export function renderAllOpen() {
  if (!list) return;
  const on = enabled();
  $("all-open-section").hidden = !on;
  syncWatch();
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
  watched = null; // after a reconnect the server watches nothing for us: say it again
  const ticket = ++asked;
  const res = await api("GET", "/api/conversations?status=open&per_page=" + PER_PAGE);
  if (ticket !== asked || !res.ok) return;
  shown.clear();
  sortAllOpen(res.data.data || []).forEach((conv) => shown.set(conv.id, conv));
  total = res.data.total || 0;
  renderAllOpen();
  followWatched();
}

/** A `conversation` event: the list moves with it (read again only when it cannot tell). */
export function onAllOpenConversation(conv) {
  if (!enabled() || !conv || typeof conv.id !== "number") return;
  const next = applyConversation(Array.from(shown.values()), total, conv, PER_PAGE);
  shown.clear();
  next.rows.forEach((c) => shown.set(c.id, c));
  total = next.total;
  renderAllOpen();
  if (next.reread) refreshAllOpen();
  followWatched(conv);
}

/** A `message` event: the watched colleague's chat shows it (read again on a gap); true
 * when it was for that chat (nothing else needs it). */
export function onWatchedMessage(m) {
  const p = state.preview;
  if (!m || !p || p.id !== m.conversation_id || !state.selected || state.selected.kind !== "all" || state.selected.id !== p.id) return false;
  if (m.seq !== p.log.contiguous + 1) {
    refreshPreview();
    return true;
  }
  const follow = isNearBottom($("messages"));
  if (p.log.add(m)) p.view.add(m);
  if (follow) scrollToBottom($("messages"));
  return true;
}

/** The admin allowed or stopped plain agents seeing All open (`workspace` event). */
export function setWorkspace(workspace) {
  const before = enabled();
  agentsMaySee = !!(workspace && workspace.agents_see_all_open);
  const now = enabled();
  if (now === before) return;
  if (now) loadAllOpen();
  else {
    shown.clear();
    total = 0;
    asked += 1;
  }
  renderAllOpen();
}

// The server follows what the chat pane shows: the colleague's chat selected in All open,
// or nothing. Checked at every render; told only when it changed (or after a reconnect).
function syncWatch() {
  const p = state.preview;
  const want = enabled() && p && state.selected && state.selected.kind === "all" && state.selected.id === p.id && !p.ended ? p.id : null;
  if (want === watched || !state.socket || !state.socket.connected) return;
  watched = want;
  state.socket.emit("watch", { conversation_id: want });
}

// The colleague's chat on screen follows the list: a new agent, or its end once it left
// the list. `changed` (a conversation event) limits it to that conversation; after a whole
// read the messages are read again too (some may have come while disconnected).
async function followWatched(changed) {
  const p = state.preview;
  if (!p || !state.selected || state.selected.kind !== "all" || state.selected.id !== p.id || p.ended) return;
  if (changed && changed.id !== p.id) return;
  const now = shown.get(p.id);
  if (now) {
    p.conv = now;
    if (!changed) refreshPreview();
  } else if (changed) {
    p.conv = changed;
    p.ended = changed.status === "closed" ? "closed" : "transferred";
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

/** Read again, once per burst of calls. */
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
  agentsMaySee = false;
  watched = null;
  renderAllOpen();
}
