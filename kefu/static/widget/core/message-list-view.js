/*
 * Renders messages into a container: confirmed ones ordered by
 * (conversation_id, seq), then the outbox's pending ones. Options:
 *   isMine(message) -> bool       which side a message sits on
 *   labels {sending, sent, seen, failed, retry, edit, remove, newConversation,
 *           openImage(name), download(name, size), uploading(percent), uploadingState}
 *   onRetry / onEdit / onRemove(entry)
 *   onOpenImage(attachment, button)  an image in the thread was activated
 *   pendingFile(entry) -> Node     how a file entry still on its way shows (default: its name)
 *   testid                         data-testid of each message row (data-seq, data-sender,
 *                                  data-state on one's own: sending | sent | read | failed)
 *   ownSender                      data-sender of the pending rows ("visitor" in the widget)
 *   locale
 *   noticeText(message) -> string|null  a system notice in the reader's language (else its content)
 *
 * Every stored message is kept (sorted, in `all`); `all[start..end)` are drawn: here all of
 * them, in the dashboard's WindowedListView only the part being read.
 */

import { isTransient } from "./ack.js";
import { attachmentNode } from "./attachment-view.js";
import { el, richText } from "./dom.js";
import { formatDate, formatTime } from "./format.js";
import { compareMessages, continuesRun, insertionIndex, startsConversation } from "./message-order.js";

export class MessageListView {
  constructor(container, options) {
    this.root = container;
    this.opts = options || {};
    this.labels = this.opts.labels || {};
    this.confirmed = el("div", "kf-confirmed");
    this.pending = el("div", "kf-pending");
    this.root.appendChild(this.confirmed);
    this.root.appendChild(this.pending);
    this.nodes = new Map(); // drawn rows by key
    this.readUpTo = new Map();
    this.all = []; // every stored message, in display order
    this.known = new Set(); // their keys
    this.start = 0; // all[start..end) are drawn
    this.end = 0;
  }

  key(m) {
    return m.conversation_id + ":" + m.seq;
  }

  has(m) {
    return this.known.has(this.key(m));
  }

  /** Show a stored message (once, in its place). Returns true when it was new. */
  add(m) {
    return this.addMany([m]) === 1;
  }

  /** Store messages (any order) and draw them in their places. Returns how many were new. */
  addMany(list) {
    const fresh = this.unknown(list);
    fresh.forEach((m) => {
      this.all.splice(insertionIndex(this.all, m), 0, m);
      this.draw(m);
    });
    this.end = this.all.length;
    return fresh.length;
  }

  /** The messages of `list` not held yet, sorted (and from then on held). */
  unknown(list) {
    const fresh = [];
    list.forEach((m) => {
      const key = this.key(m);
      if (this.known.has(key)) return;
      this.known.add(key);
      fresh.push(m);
    });
    return fresh.sort(compareMessages);
  }

  /** The rows of all[from..to) in one fragment (one insertion, one layout). */
  rows(from, to) {
    const fragment = document.createDocumentFragment();
    for (let i = from; i < to; i++) {
      const node = this.node(this.all[i]);
      fragment.appendChild(node);
      this.group(node);
      this.receipt(node, true);
    }
    return fragment;
  }

  node(m) {
    const node = this.render(m);
    node._msg = m;
    this.nodes.set(this.key(m), node);
    return node;
  }

  /** Draw one message in its place among the drawn ones. */
  draw(m) {
    const node = this.node(m);
    let after = this.confirmed.lastElementChild;
    while (after && compareMessages(after._msg, m) > 0) after = after.previousElementSibling;
    this.confirmed.insertBefore(node, after ? after.nextElementSibling : this.confirmed.firstElementChild);
    this.group(node);
    if (node.nextElementSibling) this.group(node.nextElementSibling);
    this.receipt(node);
  }

  side(m) {
    if (m.sender.type === "system") return "system";
    return this.opts.isMine && this.opts.isMine(m) ? "mine" : "theirs";
  }

  render(m) {
    const side = this.side(m);
    const row = el("div", "kf-msg kf-msg--" + side + " kf-from-" + m.sender.type);
    row.dataset.seq = String(m.seq);
    row.dataset.conversation = String(m.conversation_id);
    row.dataset.sender = m.sender.type;
    if (this.opts.testid) row.dataset.testid = this.opts.testid;
    if (side === "system") {
      const notice = el("p", "kf-notice");
      const said = this.opts.noticeText ? this.opts.noticeText(m) : null;
      notice.appendChild(el("span", "kf-notice-text", said || m.content));
      notice.appendChild(el("time", "kf-time", formatTime(m.created_at, this.opts.locale)));
      row.appendChild(notice);
      row.setAttribute("role", "note");
      return row;
    }
    const bubble = this.bubble(m);
    const meta = el("div", "kf-meta");
    const time = el("time", "kf-time", formatTime(m.created_at, this.opts.locale));
    time.dateTime = m.created_at || "";
    meta.appendChild(time);
    if (side === "mine") meta.appendChild(el("span", "kf-receipt"));
    row.appendChild(el("div", "kf-name", m.sender.name || ""));
    row.appendChild(bubble);
    row.appendChild(meta);
    return row;
  }

  /** The text, or the attachment with its caption (if any) under it. */
  bubble(m) {
    const bubble = el("div", "kf-bubble");
    if (!m.attachment) {
      bubble.appendChild(richText(m.content));
      return bubble;
    }
    bubble.classList.add("kf-bubble--file");
    bubble.appendChild(attachmentNode(m.attachment, {
      labels: this.labels,
      locale: this.opts.locale,
      onOpenImage: this.opts.onOpenImage,
    }));
    if (m.content) bubble.appendChild(el("div", "kf-caption")).appendChild(richText(m.content));
    return bubble;
  }

  group(node) {
    const m = node._msg;
    const previous = node.previousElementSibling && node.previousElementSibling._msg;
    node.classList.toggle("kf-cont", continuesRun(previous, m));
    if (startsConversation(previous, m)) {
      node.dataset.divider = (this.labels.newConversation || "New conversation") + " · " +
        formatDate(m.created_at, this.opts.locale);
    } else {
      delete node.dataset.divider;
    }
  }

  /** The other side has read conversation `conversationId` up to `seq`. */
  setReadUpTo(conversationId, seq) {
    const before = this.readUpTo.get(conversationId) || 0;
    if (seq <= before) return;
    this.readUpTo.set(conversationId, seq);
    this.nodes.forEach((node) => {
      if (node._msg.conversation_id === conversationId) this.receipt(node, true);
    });
    this.markLastSeen(conversationId);
  }

  receipt(node, skipLast) {
    const receipt = node.querySelector(".kf-receipt");
    if (!receipt) return;
    const m = node._msg;
    const seen = m.seq <= (this.readUpTo.get(m.conversation_id) || 0);
    receipt.dataset.state = seen ? "seen" : "sent";
    node.dataset.state = seen ? "read" : "sent";
    receipt.textContent = seen ? "✓✓" : "✓";
    receipt.title = seen ? this.labels.seen || "Seen" : this.labels.sent || "Sent";
    receipt.setAttribute("aria-label", receipt.title);
    if (!skipLast) this.markLastSeen(m.conversation_id);
  }

  /** Spell out "Seen" under the newest of my messages that was read, only there. */
  markLastSeen(conversationId) {
    const upTo = this.readUpTo.get(conversationId) || 0;
    const mine = Array.from(this.confirmed.querySelectorAll(".kf-msg--mine"));
    const target = mine.reverse().find((node) => {
      const m = node._msg;
      return m.conversation_id === conversationId && m.seq <= upTo;
    }) || null;
    this.confirmed.querySelectorAll(".kf-seen-label").forEach((label) => {
      if (label.parentNode.parentNode !== target) label.remove();
    });
    if (target && !target.querySelector(".kf-seen-label")) {
      target.querySelector(".kf-meta").appendChild(el("span", "kf-seen-label", this.labels.seen || "Seen"));
    }
  }

  /** Redraw the pending (unacknowledged) messages from the outbox entries. */
  setPending(entries) {
    this.pending.textContent = "";
    entries.forEach((entry) => {
      const failed = entry.state === "failed";
      const row = el("div", "kf-msg kf-msg--mine kf-msg--pending" + (failed ? " kf-msg--failed" : ""));
      row.dataset.clientId = entry.client_id;
      row.dataset.state = failed ? "failed" : "sending";
      if (this.opts.ownSender) row.dataset.sender = this.opts.ownSender;
      if (this.opts.testid) row.dataset.testid = this.opts.testid;
      row.appendChild(el("div", "kf-name"));
      const bubble = el("div", "kf-bubble");
      if (entry.type === "file") {
        bubble.classList.add("kf-bubble--file");
        bubble.appendChild(this.opts.pendingFile ? this.opts.pendingFile(entry) :
          el("span", null, (entry.file && entry.file.name) || ""));
      } else {
        bubble.appendChild(document.createTextNode(entry.content));
      }
      row.appendChild(bubble);
      const meta = el("div", "kf-meta");
      if (failed) {
        const error = el("span", "kf-error", (this.labels.failed || "Not sent") + ": " +
          ((entry.error && entry.error.message) || ""));
        error.setAttribute("role", "alert");
        meta.appendChild(error);
        const actions = el("span", "kf-actions");
        if (isTransient(entry.error)) {
          actions.appendChild(this.action(this.labels.retry || "Retry", this.opts.onRetry, entry));
        }
        // A file has no text to edit: it is sent again or deleted.
        if (entry.type !== "file") actions.appendChild(this.action(this.labels.edit || "Edit", this.opts.onEdit, entry));
        actions.appendChild(this.action(this.labels.remove || "Delete", this.opts.onRemove, entry));
        meta.appendChild(actions);
      } else {
        const label = entry.state === "uploading" && this.labels.uploadingState ? this.labels.uploadingState :
          this.labels.sending || "Sending…";
        meta.appendChild(el("span", "kf-sending", label));
      }
      row.appendChild(meta);
      this.pending.appendChild(row);
    });
  }

  action(label, handler, entry) {
    const button = el("button", "kf-link", label);
    button.type = "button";
    button.addEventListener("click", () => {
      if (handler) handler(entry);
    });
    return button;
  }
}
