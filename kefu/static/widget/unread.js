/*
 * What the visitor has read, the unread badge on the loader's launcher, and
 * the read receipts sent to the server.
 */

import { emitAck } from "./core/ack.js";
import { coalesce } from "./core/coalesce.js";
import { unreadCount } from "./core/log.js";
import { embedded, postToParent } from "./parent.js";
import { logFor, state } from "./state.js";

const fromTheOtherSide = (m) => m.sender.type !== "visitor";

/** The chat is on screen: what it shows counts as read. */
export function canRead() {
  return state.panelOpen && document.visibilityState === "visible";
}

/** What the open chat shows counts as read at once; the server hears of it when connected. */
export function markRead() {
  if (!state.convId) return;
  const seq = logFor(state.convId).maxSeq;
  if (canRead() && seq > state.seenSeq) {
    state.seenSeq = seq;
    updateUnread();
  }
  if (state.seenSeq > state.readSent && state.socket && state.socket.connected) {
    state.readSent = state.seenSeq;
    emitAck(state.socket, "read", { seq: state.readSent }, 10000);
  }
}

const markReadSoon = coalesce(markRead, 300);

export function updateUnread() {
  const count = state.convId ? unreadCount(logFor(state.convId), state.seenSeq, fromTheOtherSide) : 0;
  if (canRead()) markReadSoon();
  if (count !== state.unreadPosted) {
    state.unreadPosted = count;
    postToParent({ type: "unread", count });
    if (!embedded) document.title = count ? "(" + count + ") Chat" : "Chat";
  }
}
