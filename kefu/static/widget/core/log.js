/*
 * The messages of one conversation, keyed by seq. Pure state: no DOM, no
 * socket, so it runs (and is tested) anywhere.
 */

/**
 * `contiguous` is the highest seq up to which nothing is missing: it is what
 * sync's after_seq should be. A seq may be missing for good (a visitor is never
 * given an agent's private notes): once a sync answer has covered it, it is no
 * gap (`coveredUpTo`).
 */
export class ConversationLog {
  constructor(id) {
    this.id = id;
    this.bySeq = new Map();
    this.contiguous = 0;
    this.maxSeq = 0;
  }

  /** Add a message; return false when that seq is already held (a duplicate). */
  add(message) {
    if (this.bySeq.has(message.seq)) return false;
    this.bySeq.set(message.seq, message);
    if (message.seq > this.maxSeq) this.maxSeq = message.seq;
    this.advance();
    return true;
  }

  /**
   * The server has given every message up to `seq` that this reader may see (a visitor's
   * sync answer, up to its conversation's last_seq): any seq not held by then is not missed.
   */
  coveredUpTo(seq) {
    if (!(seq > this.contiguous)) return;
    this.contiguous = seq;
    this.advance();
  }

  advance() {
    while (this.bySeq.has(this.contiguous + 1)) this.contiguous += 1;
  }

  /** True when a later seq arrived before an earlier one (a message was missed). */
  hasGap() {
    return this.maxSeq > this.contiguous;
  }

  last() {
    return this.bySeq.get(this.maxSeq) || null;
  }
}

/** How many messages after `seenSeq` count as unread: those `isIncoming` picks. */
export function unreadCount(log, seenSeq, isIncoming) {
  let count = 0;
  log.bySeq.forEach((m) => {
    if (isIncoming(m) && m.seq > seenSeq) count += 1;
  });
  return count;
}

/** The newest message a person wrote (system notices make poor previews). */
export function lastSaid(log) {
  for (let seq = log.maxSeq; seq > 0; seq--) {
    const m = log.bySeq.get(seq);
    if (m && m.sender.type !== "system") return m;
  }
  return null;
}
