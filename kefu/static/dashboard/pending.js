/*
 * Conversations left through the widget's offline form ("pending"): listed
 * in their own sidebar tab with the message left, kept live by `conversation`
 * events (pending: add; anything else: gone), picked like a queued one.
 */

import { $, el } from "../widget/core/dom.js";
import { formatAge, initials } from "../widget/core/format.js";
import { T } from "./i18n.js";
import { visitorName } from "./labels.js";
import { api } from "./session.js";
import { KeyedList } from "./views.js";

const PREVIEW_MESSAGES = 20;

// id -> {conv, text (the message left, once read), seq (last_seq it was read at)}
const pending = new Map();
let list = null;
let onPick = () => {};
let version = 0;

function build(id) {
  const li = el("li", "conv-item conv-item--pending");
  li.dataset.id = String(id);
  li.dataset.testid = "conv-item";
  li.dataset.conversationId = String(id);
  const body = el("div", "conv-open conv-open--static");
  const avatar = el("span", "avatar avatar--sm avatar--pending");
  avatar.setAttribute("aria-hidden", "true");
  const text = el("span", "conv-body");
  const top = el("span", "conv-top");
  top.append(el("span", "conv-name"), el("span", "conv-age"));
  text.append(top, el("span", "conv-sub conv-left"));
  body.append(avatar, text);
  const pick = el("button", "btn btn--primary btn--xs conv-pick", T.pick);
  pick.type = "button";
  pick.dataset.testid = "pick";
  pick.addEventListener("click", () => onPick(id, pick));
  li.append(body, pick);
  return li;
}

function fill(li, row) {
  const conv = row.conv;
  const name = visitorName(conv);
  li.querySelector(".avatar").textContent = initials(name);
  li.querySelector(".conv-name").textContent = name;
  li.querySelector(".conv-age").textContent = formatAge(conv.created_at, undefined, T.age);
  const left = li.querySelector(".conv-left");
  left.textContent = row.text || T.pendingPreviewNone;
  left.title = row.text || "";
  li.querySelector(".conv-pick").setAttribute("aria-label", T.pickLabel(name));
}

export function renderPending() {
  if (!list) return;
  const rows = Array.from(pending.values())
    .sort((a, b) => Date.parse(a.conv.created_at) - Date.parse(b.conv.created_at) || a.conv.id - b.conv.id)
    .map((p) => ({ id: p.conv.id, conv: p.conv, text: p.text }));
  list.render(rows, fill);
  $("pending-count").textContent = String(rows.length);
  $("pending-empty").hidden = rows.length > 0;
}

async function loadLeftMessage(id) {
  const p = pending.get(id);
  if (!p || (p.text && p.seq === p.conv.last_seq)) return;
  const res = await api("GET", "/api/conversations/" + id + "/messages?limit=" + PREVIEW_MESSAGES);
  const now = pending.get(id);
  if (!res.ok || !now) return;
  const fromVisitor = (res.data.data || []).filter((m) => m.sender.type === "visitor" && m.content);
  const last = fromVisitor[fromVisitor.length - 1];
  now.text = last ? last.content.replace(/\s+/g, " ") : "";
  now.seq = p.conv.last_seq;
  renderPending();
}

/** Every `conversation` event (and ack): pending ones are listed, others leave the list. */
export function onPendingConversation(conv) {
  if (!conv || typeof conv.id !== "number") return;
  version += 1;
  if (conv.status === "pending") {
    const had = pending.get(conv.id);
    pending.set(conv.id, { conv, text: had ? had.text : "", seq: had ? had.seq : 0 });
    loadLeftMessage(conv.id);
  } else if (!pending.delete(conv.id)) {
    return;
  }
  renderPending();
}

/** Read the pending listing (at every connect and reconcile). */
export async function loadPending() {
  const before = version;
  const res = await api("GET", "/api/conversations?status=pending&per_page=100");
  if (!res.ok || before !== version) return;
  const seen = new Set();
  (res.data.data || []).forEach((conv) => {
    seen.add(conv.id);
    const had = pending.get(conv.id);
    pending.set(conv.id, { conv, text: had ? had.text : "", seq: had ? had.seq : 0 });
    loadLeftMessage(conv.id);
  });
  Array.from(pending.keys()).forEach((id) => {
    if (!seen.has(id)) pending.delete(id);
  });
  renderPending();
}

/** Forget everything (sign-out). */
export function clearPending() {
  pending.clear();
  renderPending();
}

/** Someone else took it meanwhile. */
export function dropPending(id) {
  if (pending.delete(id)) renderPending();
}

function setOpen(open) {
  const tab = $("tab-pending");
  tab.setAttribute("aria-expanded", open ? "true" : "false");
  $("pending-body").hidden = !open;
}

/** `pick(id, button)` takes a conversation (actions.js). */
export function bindPending(pick) {
  onPick = pick;
  list = new KeyedList($("pending-list"), build);
  $("pending-title").textContent = T.pendingTab;
  $("pending-empty").textContent = T.pendingEmpty;
  $("tab-pending").addEventListener("click", () => {
    setOpen($("tab-pending").getAttribute("aria-expanded") !== "true");
  });
  setOpen(true);
  renderPending();
}
