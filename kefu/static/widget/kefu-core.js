/*
 * Kefu client core, shared by the widget (inside its iframe) and the agent
 * dashboard: message ids, the per-conversation message log with gap
 * detection, the outbox of unacknowledged messages, acks with timeouts and
 * safe text rendering. Plain ES2017, no build step, no dependencies.
 *
 * User content is only ever put into the page with textContent / text nodes.
 */
(function (global) {
  "use strict";

  /** A fresh client_id: crypto.randomUUID where the context allows it. */
  function uuid() {
    var c = global.crypto;
    if (c && typeof c.randomUUID === "function") return c.randomUUID();
    var b = new Uint8Array(16);
    c.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map
      .call(b, function (x) {
        return (x + 0x100).toString(16).slice(1);
      })
      .join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" +
      h.slice(16, 20) + "-" + h.slice(20);
  }

  /**
   * The messages of one conversation, keyed by seq. `contiguous` is the highest
   * seq up to which nothing is missing: it is what sync's after_seq should be.
   */
  function ConversationLog(id) {
    this.id = id;
    this.bySeq = new Map();
    this.contiguous = 0;
    this.maxSeq = 0;
  }

  /** Add a message; return false when that seq is already held (a duplicate). */
  ConversationLog.prototype.add = function (message) {
    if (this.bySeq.has(message.seq)) return false;
    this.bySeq.set(message.seq, message);
    if (message.seq > this.maxSeq) this.maxSeq = message.seq;
    while (this.bySeq.has(this.contiguous + 1)) this.contiguous += 1;
    return true;
  };

  /** True when a later seq arrived before an earlier one (a message was missed). */
  ConversationLog.prototype.hasGap = function () {
    return this.maxSeq > this.contiguous;
  };

  ConversationLog.prototype.last = function () {
    return this.bySeq.get(this.maxSeq) || null;
  };

  ConversationLog.prototype.list = function () {
    return Array.from(this.bySeq.values()).sort(function (a, b) {
      return a.seq - b.seq;
    });
  };

  /**
   * Messages typed but not acknowledged yet, oldest first. Each entry keeps its
   * client_id for its whole life, so a resend after a lost ack is stored once.
   * state: "waiting" (to send when connected), "sending" (emitted, ack pending),
   * "failed" (refused by the server; the user decides).
   */
  function Outbox(storageKey) {
    this.key = storageKey || null;
    this.entries = [];
    if (this.key) {
      try {
        var saved = JSON.parse(global.sessionStorage.getItem(this.key) || "[]");
        if (Array.isArray(saved)) {
          this.entries = saved.filter(function (e) {
            return e && typeof e.client_id === "string" && typeof e.content === "string";
          });
          this.entries.forEach(function (e) {
            if (e.state === "sending") e.state = "waiting";
          });
        }
      } catch (err) {
        this.entries = [];
      }
    }
  }

  Outbox.prototype.save = function () {
    if (!this.key) return;
    try {
      global.sessionStorage.setItem(this.key, JSON.stringify(this.entries));
    } catch (err) {
      /* storage full or disabled: the outbox still works in memory */
    }
  };

  Outbox.prototype.add = function (fields) {
    var entry = Object.assign(
      { client_id: uuid(), state: "waiting", attempt: 0, error: null, created_at: new Date().toISOString() },
      fields
    );
    this.entries.push(entry);
    this.save();
    return entry;
  };

  Outbox.prototype.get = function (clientId) {
    for (var i = 0; i < this.entries.length; i++) {
      if (this.entries[i].client_id === clientId) return this.entries[i];
    }
    return null;
  };

  Outbox.prototype.remove = function (clientId) {
    var before = this.entries.length;
    this.entries = this.entries.filter(function (e) {
      return e.client_id !== clientId;
    });
    if (this.entries.length !== before) this.save();
    return this.entries.length !== before;
  };

  /**
   * A send of `entry` failed with `error`. A transient failure waits to be sent again (on the
   * next connect, or after 3 s through `retry` if the socket is still up); any other marks
   * the entry failed, for the user to edit or delete.
   */
  Outbox.prototype.settleFailure = function (entry, error, retry) {
    var self = this;
    if (isTransient(error)) {
      entry.state = "waiting";
      self.save();
      if (error.code !== "disconnected") {
        setTimeout(function () {
          if (entry.state === "waiting" && self.get(entry.client_id)) retry();
        }, 3000);
      }
    } else {
      entry.state = "failed";
      entry.error = error;
      self.save();
    }
  };

  /**
   * Send every waiting entry as a `message` event. `on.payload(entry)` builds the event;
   * a stored message goes to `on.stored(entry, message)`; a refusal is settled (waiting or
   * failed, retried through `on.retry`) and reported to `on.settled(entry)`. The ack of an
   * attempt that a newer attempt (or a delete) has replaced is ignored.
   */
  Outbox.prototype.flush = function (socket, on) {
    if (!socket || !socket.connected) return;
    var self = this;
    self.entries.forEach(function (entry) {
      if (entry.state === "waiting") self._send(socket, entry, on);
    });
  };

  Outbox.prototype._send = async function (socket, entry, on) {
    entry.state = "sending";
    entry.attempt = (entry.attempt || 0) + 1;
    var attempt = entry.attempt;
    this.save();
    var ack = await emitAck(socket, "message", on.payload(entry), 15000);
    if (ack.ok && ack.message) {
      this.remove(entry.client_id);
      on.stored(entry, ack.message);
      return;
    }
    if (!this.get(entry.client_id) || entry.attempt !== attempt) return;
    this.settleFailure(entry, ack.error, on.retry);
    on.settled(entry);
  };

  /** A function that runs `fn` once, `ms` after the first of any number of calls. */
  function coalesce(fn, ms) {
    var timer = null;
    return function () {
      if (timer) return;
      timer = setTimeout(function () {
        timer = null;
        fn();
      }, ms);
    };
  }

  /** After a disconnect, in-flight acks will never come: send those again later. */
  Outbox.prototype.requeueInFlight = function () {
    this.entries.forEach(function (e) {
      if (e.state === "sending") e.state = "waiting";
    });
    this.save();
  };

  /**
   * Emit with an ack and a timeout. Resolves with the ack, or with a synthetic
   * {ok: false, error: {code: "timeout" | "disconnected"}} so callers handle one shape.
   * Nothing is emitted while disconnected: socket.io would buffer it and send it
   * again on reconnect beside our own resend.
   */
  function emitAck(socket, event, payload, timeoutMs) {
    return new Promise(function (resolve) {
      if (!socket || !socket.connected) {
        resolve({ ok: false, error: { code: "disconnected", message: "Not connected." } });
        return;
      }
      socket.timeout(timeoutMs || 10000).emit(event, payload, function (err, ack) {
        if (err) {
          resolve({ ok: false, error: { code: "timeout", message: "No answer from the server." } });
        } else if (!ack || typeof ack !== "object") {
          resolve({ ok: false, error: { code: "bad_ack", message: "Unexpected answer from the server." } });
        } else {
          resolve(ack);
        }
      });
    });
  }

  /** Errors worth retrying by themselves; anything else waits for the user. */
  var TRANSIENT = { timeout: 1, disconnected: 1, internal_error: 1, rate_limited: 1, bad_ack: 1 };

  function isTransient(error) {
    return !error || !!TRANSIENT[error.code];
  }

  var URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

  /** Text with http(s) links made clickable, as DOM nodes (never HTML strings). */
  function richText(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    String(text).replace(URL_RE, function (match, offset) {
      var url = match.replace(/[.,;:!?)\]}'"]+$/, "");
      if (offset > last) fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      var a = document.createElement("a");
      a.href = url;
      a.textContent = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow ugc";
      fragment.appendChild(a);
      last = offset + url.length;
      return match;
    });
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function parseTime(iso) {
    var d = iso ? new Date(iso) : new Date();
    return isNaN(d.getTime()) ? new Date() : d;
  }

  function formatTime(iso, locale) {
    var d = parseTime(iso);
    var now = new Date();
    var opts = { hour: "2-digit", minute: "2-digit" };
    if (d.toDateString() !== now.toDateString()) {
      opts.month = "short";
      opts.day = "numeric";
    }
    try {
      return d.toLocaleString(locale || undefined, opts);
    } catch (err) {
      return d.toLocaleString(undefined, opts);
    }
  }

  function formatDate(iso, locale) {
    var d = parseTime(iso);
    try {
      return d.toLocaleDateString(locale || undefined, { weekday: "short", month: "short", day: "numeric" });
    } catch (err) {
      return d.toDateString();
    }
  }

  /** "2 min", "1 h 5 min": how long ago, short. */
  function formatAge(iso, now) {
    var seconds = Math.max(0, Math.round(((now || Date.now()) - parseTime(iso).getTime()) / 1000));
    if (seconds < 60) return "<1 min";
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + " min";
    var hours = Math.floor(minutes / 60);
    if (hours < 24) return hours + " h " + (minutes % 60) + " min";
    return Math.floor(hours / 24) + " d";
  }

  function initials(name) {
    var parts = String(name || "?").trim().split(/\s+/).filter(Boolean);
    if (!parts.length) return "?";
    var first = Array.from(parts[0])[0] || "?";
    var second = parts.length > 1 ? Array.from(parts[parts.length - 1])[0] || "" : "";
    return (first + second).toUpperCase();
  }

  /**
   * Renders messages into a container: confirmed ones ordered by
   * (conversation_id, seq), then the outbox's pending ones. Options:
   *   isMine(message) -> bool       which side a message sits on
   *   labels {sending, sent, seen, failed, retry, edit, remove, newConversation}
   *   onRetry / onEdit / onRemove(entry)
   *   locale
   */
  function MessageListView(container, options) {
    this.root = container;
    this.opts = options || {};
    this.labels = this.opts.labels || {};
    this.confirmed = el("div", "kf-confirmed");
    this.pending = el("div", "kf-pending");
    this.root.appendChild(this.confirmed);
    this.root.appendChild(this.pending);
    this.nodes = new Map();
    this.readUpTo = new Map();
  }

  MessageListView.prototype._key = function (m) {
    return m.conversation_id + ":" + m.seq;
  };

  MessageListView.prototype.has = function (m) {
    return this.nodes.has(this._key(m));
  };

  MessageListView.prototype._order = function (a, b) {
    return a.conversation_id - b.conversation_id || a.seq - b.seq;
  };

  /** Show a stored message (once, in its place). Returns true when it was new. */
  MessageListView.prototype.add = function (m) {
    var key = this._key(m);
    if (this.nodes.has(key)) return false;
    var node = this._render(m);
    node._msg = m;
    this.nodes.set(key, node);
    var after = this.confirmed.lastElementChild;
    while (after && this._order(after._msg, m) > 0) after = after.previousElementSibling;
    this.confirmed.insertBefore(node, after ? after.nextElementSibling : this.confirmed.firstElementChild);
    this._group(node);
    if (node.nextElementSibling) this._group(node.nextElementSibling);
    this._receipt(node);
    return true;
  };

  MessageListView.prototype._side = function (m) {
    if (m.sender.type === "system") return "system";
    return this.opts.isMine && this.opts.isMine(m) ? "mine" : "theirs";
  };

  MessageListView.prototype._render = function (m) {
    var side = this._side(m);
    var row = el("div", "kf-msg kf-msg--" + side + " kf-from-" + m.sender.type);
    row.dataset.seq = String(m.seq);
    row.dataset.conversation = String(m.conversation_id);
    if (side === "system") {
      var notice = el("p", "kf-notice");
      notice.appendChild(el("span", "kf-notice-text", m.content));
      notice.appendChild(el("time", "kf-time", formatTime(m.created_at, this.opts.locale)));
      row.appendChild(notice);
      row.setAttribute("role", "note");
      return row;
    }
    var name = el("div", "kf-name", m.sender.name || "");
    var bubble = el("div", "kf-bubble");
    bubble.appendChild(richText(m.content));
    var meta = el("div", "kf-meta");
    var time = el("time", "kf-time", formatTime(m.created_at, this.opts.locale));
    time.dateTime = m.created_at || "";
    meta.appendChild(time);
    if (side === "mine") meta.appendChild(el("span", "kf-receipt"));
    row.appendChild(name);
    row.appendChild(bubble);
    row.appendChild(meta);
    return row;
  };

  MessageListView.prototype._group = function (node) {
    var prev = node.previousElementSibling;
    var m = node._msg;
    var p = prev && prev._msg;
    var continues = !!p && p.conversation_id === m.conversation_id &&
      p.sender.type === m.sender.type && p.sender.id === m.sender.id && m.sender.type !== "system";
    node.classList.toggle("kf-cont", continues);
    if (p && p.conversation_id !== m.conversation_id) {
      node.dataset.divider = (this.labels.newConversation || "New conversation") + " · " +
        formatDate(m.created_at, this.opts.locale);
    } else {
      delete node.dataset.divider;
    }
  };

  /** The other side has read conversation `conversationId` up to `seq`. */
  MessageListView.prototype.setReadUpTo = function (conversationId, seq) {
    var before = this.readUpTo.get(conversationId) || 0;
    if (seq <= before) return;
    this.readUpTo.set(conversationId, seq);
    var self = this;
    this.nodes.forEach(function (node) {
      if (node._msg.conversation_id === conversationId) self._receipt(node, true);
    });
    this._markLastSeen(conversationId);
  };

  MessageListView.prototype._receipt = function (node, skipLast) {
    var receipt = node.querySelector(".kf-receipt");
    if (!receipt) return;
    var m = node._msg;
    var seen = m.seq <= (this.readUpTo.get(m.conversation_id) || 0);
    receipt.dataset.state = seen ? "seen" : "sent";
    receipt.textContent = seen ? "✓✓" : "✓";
    receipt.title = seen ? this.labels.seen || "Seen" : this.labels.sent || "Sent";
    receipt.setAttribute("aria-label", receipt.title);
    if (!skipLast) this._markLastSeen(m.conversation_id);
  };

  /** Spell out "Seen" under the newest of my messages that was read, only there. */
  MessageListView.prototype._markLastSeen = function (conversationId) {
    var upTo = this.readUpTo.get(conversationId) || 0;
    var mine = this.confirmed.querySelectorAll(".kf-msg--mine");
    var target = null;
    for (var i = mine.length - 1; i >= 0; i--) {
      var m = mine[i]._msg;
      if (m.conversation_id === conversationId && m.seq <= upTo) {
        target = mine[i];
        break;
      }
    }
    var current = this.confirmed.querySelectorAll(".kf-seen-label");
    for (var j = 0; j < current.length; j++) {
      if (current[j].parentNode.parentNode !== target) current[j].remove();
    }
    if (target && !target.querySelector(".kf-seen-label")) {
      target.querySelector(".kf-meta").appendChild(el("span", "kf-seen-label", this.labels.seen || "Seen"));
    }
  };

  /** Redraw the pending (unacknowledged) messages from the outbox entries. */
  MessageListView.prototype.setPending = function (entries) {
    var self = this;
    this.pending.textContent = "";
    entries.forEach(function (entry) {
      var failed = entry.state === "failed";
      var row = el("div", "kf-msg kf-msg--mine kf-msg--pending" + (failed ? " kf-msg--failed" : ""));
      row.dataset.clientId = entry.client_id;
      row.appendChild(el("div", "kf-name"));
      var bubble = el("div", "kf-bubble");
      bubble.appendChild(document.createTextNode(entry.content));
      row.appendChild(bubble);
      var meta = el("div", "kf-meta");
      if (failed) {
        var error = el("span", "kf-error", (self.labels.failed || "Not sent") + ": " +
          ((entry.error && entry.error.message) || ""));
        error.setAttribute("role", "alert");
        meta.appendChild(error);
        var actions = el("span", "kf-actions");
        if (isTransient(entry.error)) {
          actions.appendChild(self._action(self.labels.retry || "Retry", function () {
            if (self.opts.onRetry) self.opts.onRetry(entry);
          }));
        }
        actions.appendChild(self._action(self.labels.edit || "Edit", function () {
          if (self.opts.onEdit) self.opts.onEdit(entry);
        }));
        actions.appendChild(self._action(self.labels.remove || "Delete", function () {
          if (self.opts.onRemove) self.opts.onRemove(entry);
        }));
        meta.appendChild(actions);
      } else {
        meta.appendChild(el("span", "kf-sending", self.labels.sending || "Sending…"));
      }
      row.appendChild(meta);
      self.pending.appendChild(row);
    });
  };

  MessageListView.prototype._action = function (label, onClick) {
    var button = el("button", "kf-link", label);
    button.type = "button";
    button.addEventListener("click", onClick);
    return button;
  };

  /** Keep a scroll container pinned to the bottom unless the reader scrolled up. */
  function isNearBottom(scroller) {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  function scrollToBottom(scroller) {
    scroller.scrollTop = scroller.scrollHeight;
  }

  /** Let a textarea grow with its content up to its CSS max-height. */
  function autoGrow(textarea) {
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + "px";
  }

  /** Read the payload of a JWT (no verification: only to schedule a refresh). */
  function jwtPayload(token) {
    try {
      var part = String(token).split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      while (part.length % 4) part += "=";
      return JSON.parse(atob(part));
    } catch (err) {
      return {};
    }
  }

  global.KefuCore = {
    uuid: uuid,
    ConversationLog: ConversationLog,
    Outbox: Outbox,
    MessageListView: MessageListView,
    emitAck: emitAck,
    coalesce: coalesce,
    isTransient: isTransient,
    richText: richText,
    el: el,
    formatTime: formatTime,
    formatDate: formatDate,
    formatAge: formatAge,
    initials: initials,
    isNearBottom: isNearBottom,
    scrollToBottom: scrollToBottom,
    autoGrow: autoGrow,
    jwtPayload: jwtPayload,
  };
})(window);
