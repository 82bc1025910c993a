/*
 * What the dashboard says about visitors and conversations: names, previews,
 * status chips, banners, the page title. Pure functions of their arguments.
 */

import { T } from "./i18n.js";

/** How to call a visitor: name, else email, else a short form of their id. */
export function visitorName(conv) {
  const v = conv.visitor || {};
  if (v.name) return v.name;
  if (v.email) return v.email;
  return "Visitor " + String(v.id || "").replace(/^v_/, "").replace(/[^A-Za-z0-9]/g, "").slice(0, 6);
}

/** "shop.example/cart" for a page URL. */
export function pageLabel(url) {
  if (!url) return "";
  try {
    const u = new URL(url);
    return u.host + (u.pathname === "/" ? "" : u.pathname);
  } catch (err) {
    return url;
  }
}

function oneLine(text) {
  return String(text).replace(/\s+/g, " ");
}

/** What a message says in one line: its text, else "📎 name" of its file; a note says so. */
function saidText(m) {
  const text = m.content ? oneLine(m.content) : (m.attachment ? "📎 " + (m.attachment.name || "") : "");
  return (m.private ? T.noteLabel + ": " : "") + text;
}

/** "You: " before my own words, "Name: " before a colleague's, nothing before the visitor's. */
function senderPrefix(m, meId) {
  if (m.sender.type !== "agent") return "";
  return String(m.sender.id) === String(meId) ? "You: " : (m.sender.name || "Agent") + ": ";
}

/** Where a transferred conversation went. */
export function transferText(conv) {
  if (conv.agent && conv.status === "open") return "Transferred to " + conv.agent.name + ".";
  return "Transferred to the " + (conv.skill_group || "general") + " queue.";
}

/** The second line of a waiting visitor: what they wrote, else the page they are on. */
export function queuePreview(conv, said) {
  if (said) return oneLine(said);
  if (conv.visitor && conv.visitor.page_url) return "On " + pageLabel(conv.visitor.page_url);
  return "Waiting";
}

/** The second line of one of my conversations; `said` is the newest message a person wrote. */
export function minePreview(row, said) {
  if (row.typing) return "typing…";
  if (row.ended === "closed") return "Closed";
  if (row.ended === "transferred") return row.conv.agent ? "Transferred to " + row.conv.agent.name : "Transferred";
  if (said) return senderPrefix(said, row.meId) + saidText(said);
  return "New conversation";
}

export function unreadBadge(count) {
  return count > 99 ? "99+" : String(count);
}

/** "(3) Kefu · 2 waiting": unread replies first, so they show in a narrow tab. */
export function documentTitle(unread, waiting) {
  const parts = [];
  if (unread) parts.push("(" + unread + ")");
  parts.push("Kefu");
  if (waiting) parts.push("· " + waiting + " waiting");
  return parts.join(" ");
}

/** "Agent · ID 7 · 2/5 open" under my name. */
export function meMeta(me, open) {
  const role = { admin: "Admin", supervisor: "Supervisor" }[me.role] || "Agent";
  return role + " · ID " + me.id + " · " + open + "/" + me.max_concurrent + " open";
}

/** An agent in the transfer list: name, status, load and skills. */
export function agentOptionLabel(a) {
  return a.name + " — " + a.status + " · " + a.load + "/" + a.max_concurrent +
    (a.skills && a.skills.length ? " · " + a.skills.join(", ") : "");
}

const STATUS_RANK = { online: 0, away: 1, offline: 2 };

/** Transfer targets: online first, then away, then offline; by name within each. */
export function compareAgents(a, b) {
  return (STATUS_RANK[a.status] - STATUS_RANK[b.status]) || a.name.localeCompare(b.name);
}

/** The queue in pick order: by position (unknown last), then oldest id. */
export function sortQueue(list) {
  return list.slice().sort((a, b) => (a.queue_position || 1e9) - (b.queue_position || 1e9) || a.id - b.id);
}

/** My conversations: open ones first, then the most recently active. */
export function compareMine(a, b) {
  if (!!a.ended !== !!b.ended) return a.ended ? 1 : -1;
  return b.lastActivity - a.lastActivity || b.id - a.id;
}

/**
 * The chip and banner of the chat pane. `pane`: {conv, queued (a preview of a waiting
 * visitor), stillWaiting, ended: null|"closed"|"transferred", connected}.
 */
export function chatState(pane) {
  const conv = pane.conv;
  if (pane.queued) {
    return {
      label: pane.stillWaiting ? "Waiting · #" + (conv.queue_position || "?") : "No longer waiting",
      kind: "queued",
      banner: pane.stillWaiting ? "Preview: this visitor is waiting in the queue. Pick the conversation to reply." :
        "This conversation is no longer in the queue.",
      bannerKind: "info",
    };
  }
  if (pane.ended === "closed") {
    return {
      label: "Closed",
      kind: "closed",
      banner: "This conversation is closed" + (conv.rating ? " · rated " + conv.rating + "/5" : "") + ".",
      bannerKind: "ended",
    };
  }
  if (pane.ended === "transferred") {
    return { label: "Transferred", kind: "closed", banner: transferText(conv), bannerKind: "ended" };
  }
  return {
    label: "Open",
    kind: "open",
    banner: pane.connected ? "" : "Reconnecting… replies are kept and sent when the connection is back.",
    bannerKind: "warn",
  };
}

/** "Chrome 120 · Windows 10" or "Mobile Safari 17 · iOS 17.1 · iPhone" (the server's words). */
export function deviceText(device) {
  if (!device) return "";
  return [device.browser, device.os, device.device].filter(Boolean).join(" · ");
}

/** What the page or the visitor said about themselves (setAttributes, pre-chat answers), as
 * [label, text] rows marked as theirs: shown, never trusted. */
export function attributeRows(attributes) {
  return Object.entries(attributes || {})
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => [key + " · from the page", typeof value === "string" ? value : JSON.stringify(value)]);
}
