/* How many visitor messages of one of my conversations are not read yet. */

import { unreadCount } from "../widget/core/log.js";

const fromVisitor = (m) => m.sender.type === "visitor";

export function unreadOf(entry) {
  return unreadCount(entry.log, entry.seenSeq, fromVisitor);
}
