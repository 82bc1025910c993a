/* Where a message sits in a thread that may hold several conversations of one visitor. */

/** Display order: by conversation, then by seq. */
export function compareMessages(a, b) {
  return a.conversation_id - b.conversation_id || a.seq - b.seq;
}

/** True when `m` continues `previous`'s run (same sender, same conversation): no name again. */
export function continuesRun(previous, m) {
  return !!previous && previous.conversation_id === m.conversation_id &&
    previous.sender.type === m.sender.type && previous.sender.id === m.sender.id && m.sender.type !== "system";
}

/** True when `m` is the first shown of a later conversation than `previous`'s. */
export function startsConversation(previous, m) {
  return !!previous && previous.conversation_id !== m.conversation_id;
}

/** Where `m` goes in `list` (sorted by compareMessages): after every message before it. */
export function insertionIndex(list, m) {
  const n = list.length;
  if (!n || compareMessages(list[n - 1], m) < 0) return n; // the usual case: the newest
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareMessages(list[mid], m) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
