/*
 * Dashboard pieces that only draw: the two conversation lists, visitor
 * details and toasts. They read what they are given and never change state;
 * clicks go back through the handlers passed in.
 */

import { el } from "../widget/core/dom.js";
import { formatAge, formatTime, initials } from "../widget/core/format.js";
import { lastSaid } from "../widget/core/log.js";
import { renderEarlier } from "./earlier.js";
import { LOCALE, T } from "./i18n.js";
import { attributeRows, minePreview, queuePreview, unreadBadge, visitorName } from "./labels.js";
import { state } from "./state.js";
import { W } from "./visitor-strings.js";
import { deviceWords, localTime, priorityWords, routeSentence } from "./visitor-words.js";

/**
 * A <ul> of conversations keyed by id: items are built once, refilled on every
 * render and moved only when the order changes (focus and hover survive).
 */
export class KeyedList {
  constructor(list, build) {
    this.list = list;
    this.build = build;
    this.items = new Map();
  }

  render(rows, fill) {
    const keep = new Set();
    const wanted = rows.map((row) => {
      keep.add(row.id);
      let item = this.items.get(row.id);
      if (!item) {
        item = this.build(row.id);
        this.items.set(row.id, item);
      }
      fill(item, row);
      return item;
    });
    for (const id of this.items.keys()) {
      if (!keep.has(id)) this.items.delete(id);
    }
    wanted.forEach((item, i) => {
      if (this.list.children[i] !== item) this.list.insertBefore(item, this.list.children[i] || null);
    });
    while (this.list.children.length > wanted.length) this.list.removeChild(this.list.lastElementChild);
  }
}

/** A sidebar row: a button with avatar, name, age and a sub line (filled by the caller). */
export function itemSkeleton(id, className, onOpen) {
  const li = el("li", className);
  li.dataset.id = String(id);
  li.dataset.testid = "conv-item";
  li.dataset.conversationId = String(id);
  const open = el("button", "conv-open");
  open.type = "button";
  open.addEventListener("click", () => onOpen(id));
  const avatar = el("span", "avatar avatar--sm");
  avatar.setAttribute("aria-hidden", "true");
  const body = el("span", "conv-body");
  const top = el("span", "conv-top");
  top.append(el("span", "conv-name"), el("span", "conv-age"));
  const sub = el("span", "conv-sub");
  body.append(top, sub);
  open.append(avatar, body);
  li.appendChild(open);
  return { li, avatar, sub };
}

/** A waiting visitor: opens a preview, and a Pick button takes the conversation. */
export function buildQueueItem(id, handlers) {
  const { li, avatar, sub } = itemSkeleton(id, "conv-item conv-item--queue", handlers.onOpen);
  avatar.classList.add("avatar--queue");
  sub.append(el("span", "tag"), el("span", "conv-preview"));
  const pick = el("button", "btn btn--primary btn--xs conv-pick", T.pick);
  pick.type = "button";
  pick.addEventListener("click", () => handlers.onPick(id, pick));
  li.appendChild(pick);
  return li;
}

/** row: {conv, said (what the visitor wrote, or null), selected} */
export function fillQueueItem(li, row) {
  const conv = row.conv;
  const name = visitorName(conv);
  li.querySelector(".avatar").textContent = "#" + (conv.queue_position || "");
  li.querySelector(".conv-name").textContent = name;
  li.querySelector(".conv-age").textContent = formatAge(conv.created_at, undefined, T.age);
  const tags = [];
  if (conv.skill_group) tags.push(conv.skill_group);
  if (conv.priority) tags.push(T.priorityTag(conv.priority));
  const tag = li.querySelector(".tag");
  tag.textContent = tags.join(" · ");
  tag.hidden = !tags.length;
  li.querySelector(".conv-preview").textContent = queuePreview(conv, row.said);
  li.querySelector(".conv-pick").setAttribute("aria-label", T.pickLabel(name));
  li.querySelector(".conv-open").setAttribute("aria-label", T.previewLabel(name, conv.queue_position || "?"));
  li.classList.toggle("is-selected", row.selected);
}

/** One of my conversations: opens it; once ended, a × removes it from the list. */
export function buildMineItem(id, handlers) {
  const { li, sub } = itemSkeleton(id, "conv-item", handlers.onOpen);
  sub.append(el("span", "conv-preview"), el("span", "badge"));
  const dismiss = el("button", "icon-btn icon-btn--xs conv-dismiss", "×");
  dismiss.type = "button";
  dismiss.addEventListener("click", () => handlers.onDismiss(id));
  li.appendChild(dismiss);
  return li;
}

/** row: {conv, log, unread, typing, ended: null|"closed"|"transferred", selected, meId} */
export function fillMineItem(li, row) {
  const conv = row.conv;
  const name = visitorName(conv);
  const last = row.log.last();
  li.querySelector(".avatar").textContent = initials(name);
  li.querySelector(".conv-name").textContent = name;
  li.querySelector(".conv-age").textContent = last ? formatTime(last.created_at, LOCALE) : "";
  const previewEl = li.querySelector(".conv-preview");
  previewEl.textContent = minePreview(row, lastSaid(row.log));
  previewEl.classList.toggle("is-typing", row.typing);
  li.dataset.unread = String(row.unread);
  const badge = li.querySelector(".badge");
  badge.textContent = unreadBadge(row.unread);
  badge.hidden = !row.unread;
  li.classList.toggle("is-unread", row.unread > 0);
  li.classList.toggle("is-ended", !!row.ended);
  li.classList.toggle("is-selected", row.selected);
  const dismiss = li.querySelector(".conv-dismiss");
  dismiss.hidden = !row.ended;
  dismiss.setAttribute("aria-label", T.removeFromList(name));
  const ended = row.ended === "closed" ? T.closed : row.ended ? T.transferred : "";
  li.querySelector(".conv-open").setAttribute("aria-label", T.mineItem(name, row.unread, ended));
}

function when(iso) {
  if (!iso) return "—";
  try {
    return new Date(iso).toLocaleString(LOCALE);
  } catch (err) {
    return new Date(iso).toLocaleString();
  }
}

function httpUrl(url) {
  return /^https?:\/\//i.test(url || "") ? url : null;
}

function agentName(id) {
  const agent = state.agents.get(id);
  return agent ? agent.name : null;
}

/** Fill the visitor details <dl> for a conversation (or clear it), every field in words,
 * and the visitor's earlier conversations under it. */
export function renderDetails(list, empty, conv) {
  list.textContent = "";
  empty.hidden = !!conv;
  renderEarlier(conv);
  if (!conv) return;
  const v = conv.visitor || {};
  let rating = "—";
  if (conv.rating) {
    rating = "★".repeat(conv.rating) + " " + conv.rating + "/5";
    if (conv.rating_comment) rating += " — “" + conv.rating_comment + "”";
  }
  const L = T.details;
  const rows = [
    [L.name, v.name || "—"],
    [L.email, v.email || "—", v.email ? "mailto:" + v.email : null],
    [L.page, v.page_url || "—", httpUrl(v.page_url)],
    [L.referrer, v.referrer || "—", httpUrl(v.referrer)],
    [L.locale, v.locale || "—"],
    [W.localTimeLabel, localTime(v, Date.now(), LOCALE, W)],
    [L.skillGroup, conv.skill_group || T.anyGroup],
    [L.priority, priorityWords(conv.priority, W)],
    [L.started, when(conv.created_at)],
    [L.assigned, when(conv.assigned_at)],
    [L.agent, conv.agent ? T.agentWithId(conv.agent.name, conv.agent.id) : "—"],
    [L.rating, rating],
    [L.routing, routeSentence(conv.route_reason, W, agentName) || "—"],
    [L.ip, v.ip || "—"],
    [L.browser, deviceWords(v.device, W, v.user_agent) || v.user_agent || "—"],
    ...attributeRows(v.attributes),
    [L.visitorId, v.id || "—"],
    [L.conversation, "#" + conv.id],
  ].filter((row) => row[1] !== null);
  for (const [label, value, href] of rows) {
    list.appendChild(el("dt", null, label));
    const dd = el("dd");
    if (href) {
      const a = el("a", null, value);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      dd.appendChild(a);
    } else {
      dd.textContent = value;
    }
    list.appendChild(dd);
  }
}

/** A message with one action (Undo) that lasts `ms`; the action ends it at once. */
export function actionToast(text, label, ms, onAction) {
  const item = el("div", "toast toast--action");
  const button = el("button", "toast-action", label);
  button.type = "button";
  button.dataset.testid = "undo";
  const leave = () => {
    clearTimeout(timer);
    item.classList.add("toast--out");
    setTimeout(() => item.remove(), 300);
  };
  const timer = setTimeout(leave, ms);
  button.addEventListener("click", () => {
    leave();
    onAction();
  });
  item.append(el("span", null, text), button);
  document.getElementById("toasts").appendChild(item);
  return item;
}

/** A short message at the bottom of the screen (errors stay longer). */
export function toast(text, isError) {
  const item = el("div", "toast" + (isError ? " toast--error" : ""), text);
  document.getElementById("toasts").appendChild(item);
  setTimeout(() => {
    item.classList.add("toast--out");
    setTimeout(() => item.remove(), 300);
  }, isError ? 6000 : 3500);
}
