/*
 * A message list that draws only the part of a long thread being read (the dashboard's
 * threads; the widget draws everything with MessageListView). It keeps every message it
 * is given, sorted, and draws `all[start..end)`: the newest `windowSize` at first, then
 * what showOlder / showNewer add as the reader scrolls and trimOlder / trimNewer undraw
 * (thread-paging.js decides when). Rows drawn while paging carry the class `kf-paged`, so
 * the page may let them skip layout while out of sight.
 */

import { MessageListView } from "../widget/core/message-list-view.js";
import { compareMessages, insertionIndex } from "../widget/core/message-order.js";

export class WindowedListView extends MessageListView {
  constructor(container, options) {
    super(container, options);
    this.windowSize = this.opts.windowSize || 200;
  }

  /** Store messages (any order); draw those in or next to the drawn part. Returns how many
   * were new. One beyond the drawn part stays undrawn (showOlder and showNewer draw them in
   * order), and a first load draws only its newest part. */
  addMany(list) {
    const fresh = this.unknown(list);
    if (!fresh.length) return 0;
    const firstDrawn = this.start < this.end ? this.all[this.start] : null;
    const lastDrawn = this.start < this.end ? this.all[this.end - 1] : null;
    const whole = this.start === 0; // nothing waits above: the thread grows up there
    const newest = this.end === this.all.length; // nothing waits below: it grows down there
    fresh.forEach((m) => this.all.splice(insertionIndex(this.all, m), 0, m));
    if (!firstDrawn) {
      this.redraw(Math.max(0, this.all.length - this.windowSize));
      return fresh.length;
    }
    this.start = whole ? 0 : insertionIndex(this.all, firstDrawn);
    this.end = newest ? this.all.length : insertionIndex(this.all, lastDrawn) + 1;
    const toDraw = fresh.filter((m) => (whole || compareMessages(m, firstDrawn) > 0) &&
      (newest || compareMessages(m, lastDrawn) < 0));
    const newestStart = this.all.length - this.windowSize;
    // A burst larger than the window (back after a long time away): draw its newest part.
    if (toDraw.length > this.windowSize && newest && newestStart > this.start) this.redraw(newestStart);
    else toDraw.forEach((m) => this.draw(m));
    return fresh.length;
  }

  /** Store a page of older messages (fetched as the reader scrolls up): those older than
   * the drawn ones wait for showOlder, the others are drawn. */
  addOlder(list) {
    const fresh = this.unknown(list);
    fresh.forEach((m) => {
      const firstDrawn = this.start < this.end ? this.all[this.start] : null;
      this.all.splice(insertionIndex(this.all, m), 0, m);
      this.end += 1;
      if (firstDrawn && compareMessages(m, firstDrawn) > 0) {
        this.draw(m);
      } else {
        this.start += 1;
      }
    });
    return fresh.length;
  }

  /** True when stored messages older than the drawn ones wait to be drawn. */
  hasOlder() {
    return this.start > 0;
  }

  /** True when stored messages newer than the drawn ones wait to be drawn. */
  hasNewer() {
    return this.end < this.all.length;
  }

  /** How many messages are drawn. */
  drawnCount() {
    return this.end - this.start;
  }

  /** Draw up to `count` more of the older messages above the drawn ones; how many. */
  showOlder(count) {
    if (this.start === 0) return 0;
    const from = Math.max(0, this.start - count);
    const first = this.confirmed.firstElementChild;
    const rows = this.paged(from, this.start);
    this.confirmed.insertBefore(rows, first);
    if (first) this.group(first);
    const drawn = this.start - from;
    this.start = from;
    this.readUpTo.forEach((_, conversationId) => this.markLastSeen(conversationId));
    return drawn;
  }

  /** Draw up to `count` more of the newer messages below the drawn ones; how many. */
  showNewer(count) {
    if (!this.hasNewer()) return 0;
    const to = Math.min(this.all.length, this.end + count);
    const rows = this.paged(this.end, to);
    const first = rows.firstElementChild;
    this.confirmed.appendChild(rows);
    if (first) this.group(first);
    const drawn = to - this.end;
    this.end = to;
    this.readUpTo.forEach((_, conversationId) => this.markLastSeen(conversationId));
    return drawn;
  }

  /** Undraw the oldest rows so that at most `keep` stay (they can be drawn again). */
  trimOlder(keep) {
    let extra = this.drawnCount() - keep;
    if (extra <= 0) return 0;
    const removed = extra;
    while (extra-- > 0) {
      const node = this.confirmed.firstElementChild;
      this.nodes.delete(this.key(node._msg));
      node.remove();
      this.start += 1;
    }
    if (this.confirmed.firstElementChild) this.group(this.confirmed.firstElementChild);
    return removed;
  }

  /** Undraw the newest rows so that at most `keep` stay (they can be drawn again). */
  trimNewer(keep) {
    let extra = this.drawnCount() - keep;
    if (extra <= 0) return 0;
    const removed = extra;
    while (extra-- > 0) {
      const node = this.confirmed.lastElementChild;
      this.nodes.delete(this.key(node._msg));
      node.remove();
      this.end -= 1;
    }
    return removed;
  }

  /** Draw all[from..] afresh (the newest part). */
  redraw(from) {
    this.confirmed.textContent = "";
    this.nodes.clear();
    this.start = from;
    this.end = this.all.length;
    this.confirmed.appendChild(this.rows(from, this.all.length));
    this.readUpTo.forEach((_, conversationId) => this.markLastSeen(conversationId));
  }

  /** rows(), marked: a page may let rows drawn while paging skip layout when out of sight. */
  paged(from, to) {
    const rows = this.rows(from, to);
    Array.from(rows.children).forEach((node) => node.classList.add("kf-paged"));
    return rows;
  }
}
