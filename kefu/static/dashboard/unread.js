/* How many visitor messages of my conversations are not read yet. */

import { unreadCount } from "../widget/core/log.js";
import { state } from "./state.js";

const fromVisitor = (m) => m.sender.type === "visitor";

export function unreadOf(entry) {
  return unreadCount(entry.log, entry.seenSeq, fromVisitor);
}

/** Unread across my open conversations (the title, the favicon, "repeat until read"). */
export function unreadTotal() {
  let unread = 0;
  state.convs.forEach((entry) => {
    if (!entry.ended) unread += unreadOf(entry);
  });
  return unread;
}
