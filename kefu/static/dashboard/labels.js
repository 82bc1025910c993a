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
  return T.visitorFallback(String(v.id || "").replace(/^v_/, "").replace(/[^A-Za-z0-9]/g, "").slice(0, 6));
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
  return String(m.sender.id) === String(meId) ? T.you : (m.sender.name || T.agentFallback) + ": ";
}

/** Where a transferred conversation went. */
export function transferText(conv) {
  if (conv.agent && conv.status === "open") return T.transferredToAgent(conv.agent.name);
  return T.transferredToGroup(conv.skill_group || T.generalGroup);
}

/** The second line of a waiting visitor: what they wrote, else the page they are on. */
export function queuePreview(conv, said) {
  if (said) return oneLine(said);
  if (conv.visitor && conv.visitor.page_url) return T.onPage(pageLabel(conv.visitor.page_url));
  return T.waitingPreview;
}

/** The second line of one of my conversations; `said` is the newest message a person wrote. */
export function minePreview(row, said) {
  if (row.typing) return T.typingPreview;
  if (row.ended === "closed") return T.closed;
  if (row.ended === "transferred") return row.conv.agent ? T.transferredTo(row.conv.agent.name) : T.transferred;
  if (said) return senderPrefix(said, row.meId) + saidText(said);
  return T.newConversation;
}

export function unreadBadge(count) {
  return count > 99 ? "99+" : String(count);
}

/** "(3) Kefu · 2 waiting": unread replies first, so they show in a narrow tab. */
export function documentTitle(unread, waiting) {
  const parts = [];
  if (unread) parts.push("(" + unread + ")");
  parts.push("Kefu");
  if (waiting) parts.push(T.titleWaiting(waiting));
  return parts.join(" ");
}

/** "Agent · ID 7 · 2/5 open" under my name. */
export function meMeta(me, open) {
  const role = T.roles[me.role] || T.roles.agent;
  return T.meMeta(role, me.id, open, me.max_concurrent);
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
 * visitor), stillWaiting, ended: null|"closed"|"transferred", connected, watching (a
 * colleague's chat), readOnly (watching it without the right to reassign)}.
 */
export function chatState(pane) {
  const conv = pane.conv;
  if (pane.queued) {
    return {
      label: pane.stillWaiting ? T.queuedLabel(conv.queue_position || "?") : T.noLongerWaiting,
      kind: "queued",
      banner: pane.stillWaiting ? T.previewBanner : T.leftQueueBanner,
      bannerKind: "info",
    };
  }
  if (pane.ended === "closed") {
    return {
      label: T.closed,
      kind: "closed",
      banner: T.closedBanner(conv.rating),
      bannerKind: "ended",
    };
  }
  if (pane.ended === "transferred") {
    return { label: T.transferred, kind: "closed", banner: transferText(conv), bannerKind: "ended" };
  }
  if (pane.watching) {
    const agent = conv.agent ? conv.agent.name : "—";
    // `readOnly`: a plain agent allowed to see All open, who may not reassign it.
    const banner = pane.readOnly ? T.watchingReadOnlyBanner(agent) : T.watchingBanner(agent);
    return { label: T.watchingLabel(agent), kind: "open", banner, bannerKind: "info" };
  }
  return {
    label: T.openLabel,
    kind: "open",
    banner: pane.connected ? "" : T.reconnectingBanner,
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
    .map(([key, value]) => [T.fromPage(key), typeof value === "string" ? value : JSON.stringify(value)]);
}
