/*
 * Dashboard pieces that only draw: the two conversation lists, visitor
 * details and toasts. They read what they are given and never change state;
 * clicks go back through the handlers passed in.
 */

import { el } from "../widget/core/dom.js";
import { formatAge, formatTime, initials } from "../widget/core/format.js";
import { lastSaid } from "../widget/core/log.js";
import { attributeRows, deviceText, minePreview, queuePreview, unreadBadge, visitorName } from "./labels.js";

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
  const pick = el("button", "btn btn--primary btn--xs conv-pick", "Pick");
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
  li.querySelector(".conv-age").textContent = formatAge(conv.created_at);
  const tags = [];
  if (conv.skill_group) tags.push(conv.skill_group);
  if (conv.priority) tags.push("priority " + conv.priority);
  const tag = li.querySelector(".tag");
  tag.textContent = tags.join(" · ");
  tag.hidden = !tags.length;
  li.querySelector(".conv-preview").textContent = queuePreview(conv, row.said);
  li.querySelector(".conv-pick").setAttribute("aria-label", "Pick conversation with " + name);
  li.querySelector(".conv-open").setAttribute(
    "aria-label", "Preview " + name + ", number " + (conv.queue_position || "?") + " in queue"
  );
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
  li.querySelector(".conv-age").textContent = last ? formatTime(last.created_at) : "";
  const previewEl = li.querySelector(".conv-preview");
  previewEl.textContent = minePreview(row, lastSaid(row.log));
  previewEl.classList.toggle("is-typing", row.typing);
  const badge = li.querySelector(".badge");
  badge.textContent = unreadBadge(row.unread);
  badge.hidden = !row.unread;
  li.classList.toggle("is-unread", row.unread > 0);
  li.classList.toggle("is-ended", !!row.ended);
  li.classList.toggle("is-selected", row.selected);
  const dismiss = li.querySelector(".conv-dismiss");
  dismiss.hidden = !row.ended;
  dismiss.setAttribute("aria-label", "Remove " + name + " from the list");
  li.querySelector(".conv-open").setAttribute(
    "aria-label", name + (row.unread ? ", " + row.unread + " unread" : "") + (row.ended ? ", " + row.ended : "")
  );
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "—";
}

function httpUrl(url) {
  return /^https?:\/\//i.test(url || "") ? url : null;
}

/** Fill the visitor details <dl> for a conversation (or clear it). */
export function renderDetails(list, empty, conv) {
  list.textContent = "";
  empty.hidden = !!conv;
  if (!conv) return;
  const v = conv.visitor || {};
  let rating = "—";
  if (conv.rating) {
    rating = "★".repeat(conv.rating) + " " + conv.rating + "/5";
    if (conv.rating_comment) rating += " — “" + conv.rating_comment + "”";
  }
  const rows = [
    ["Name", v.name || "—"],
    ["Email", v.email || "—", v.email ? "mailto:" + v.email : null],
    ["Page", v.page_url || "—", httpUrl(v.page_url)],
    ["Referrer", v.referrer || "—", httpUrl(v.referrer)],
    ["Locale", v.locale || "—"],
    ["Skill group", conv.skill_group || "Any"],
    ["Priority", String(conv.priority || 0)],
    ["Started", when(conv.created_at)],
    ["Assigned", when(conv.assigned_at)],
    ["Agent", conv.agent ? conv.agent.name + " (ID " + conv.agent.id + ")" : "—"],
    ["Rating", rating],
    ["Routing", conv.route_reason || "—"],
    ["IP address", v.ip || "—"],
    ["Browser", deviceText(v.device) || v.user_agent || "—"],
    ...attributeRows(v.attributes),
    ["Visitor ID", v.id || "—"],
    ["Conversation", "#" + conv.id],
  ];
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

/** A short message at the bottom of the screen (errors stay longer). */
export function toast(text, isError) {
  const item = el("div", "toast" + (isError ? " toast--error" : ""), text);
  document.getElementById("toasts").appendChild(item);
  setTimeout(() => {
    item.classList.add("toast--out");
    setTimeout(() => item.remove(), 300);
  }, isError ? 6000 : 3500);
}
