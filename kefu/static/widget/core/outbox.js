/*
 * Messages typed but not acknowledged yet, oldest first. Each entry keeps its
 * client_id for its whole life, so a resend after a lost ack is stored once.
 * state: "waiting" (to send when connected), "sending" (emitted, ack pending),
 * "failed" (refused by the server; the user decides), "uploading" (a file
 * entry whose bytes are still going up: it and everything after it wait, so
 * messages are stored in the order they were written).
 */

import { emitAck, isTransient } from "./ack.js";
import { uuid } from "./uuid.js";

const RETRY_MS = 3000;
const ACK_TIMEOUT_MS = 15000;

/** sessionStorage, or null where the browser refuses it (say, blocked third-party storage). */
function sessionStore() {
  try {
    return globalThis.sessionStorage || null;
  } catch (err) {
    return null;
  }
}

/** A saved entry worth restoring: a file whose upload had not finished lost its bytes with the page. */
function restorable(e) {
  if (!e || typeof e.client_id !== "string" || typeof e.content !== "string") return false;
  return e.type !== "file" || typeof e.attachment_id === "number";
}

export class Outbox {
  /** Entries outlive a reload under `storageKey` in `storage`; without a key they live in memory. */
  constructor(storageKey, storage = sessionStore()) {
    this.key = storageKey || null;
    this.storage = storage;
    this.entries = [];
    if (this.key) {
      try {
        const saved = JSON.parse(this.storage.getItem(this.key) || "[]");
        if (Array.isArray(saved)) {
          this.entries = saved.filter(restorable);
          // The page that sent these is gone, and their acks with it.
          this.entries.forEach((e) => {
            if (e.state === "sending") e.state = "waiting";
          });
        }
      } catch (err) {
        this.entries = [];
      }
    }
  }

  save() {
    if (!this.key) return;
    try {
      this.storage.setItem(this.key, JSON.stringify(this.entries));
    } catch (err) {
      /* storage full or disabled: the outbox still works in memory */
    }
  }

  add(fields) {
    const entry = Object.assign(
      { client_id: uuid(), state: "waiting", attempt: 0, error: null, created_at: new Date().toISOString() },
      fields
    );
    this.entries.push(entry);
    this.save();
    return entry;
  }

  get(clientId) {
    return this.entries.find((e) => e.client_id === clientId) || null;
  }

  /** Drop an entry; true when it was there. */
  remove(clientId) {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.client_id !== clientId);
    if (this.entries.length !== before) this.save();
    return this.entries.length !== before;
  }

  /**
   * A send of `entry` failed with `error`. A transient failure waits to be sent again (on the
   * next connect, or after 3 s through `retry` if the socket is still up); any other marks
   * the entry failed, for the user to edit or delete.
   */
  settleFailure(entry, error, retry) {
    if (isTransient(error)) {
      entry.state = "waiting";
      this.save();
      if (!error || error.code !== "disconnected") {
        setTimeout(() => {
          if (entry.state === "waiting" && this.get(entry.client_id)) retry();
        }, RETRY_MS);
      }
    } else {
      entry.state = "failed";
      entry.error = error;
      this.save();
    }
  }

  /**
   * Send every waiting entry as a `message` event. `on.payload(entry)` builds the event;
   * a stored message goes to `on.stored(entry, message)`; a refusal is settled (waiting or
   * failed, retried through `on.retry`) and reported to `on.settled(entry)`. The ack of an
   * attempt that a newer attempt (or a delete) has replaced is ignored.
   */
  flush(socket, on) {
    if (!socket || !socket.connected) return;
    for (const entry of this.entries) {
      if (entry.state === "uploading") break;
      if (entry.state === "waiting") this.send(socket, entry, on);
    }
  }

  async send(socket, entry, on) {
    entry.state = "sending";
    entry.attempt = (entry.attempt || 0) + 1;
    const attempt = entry.attempt;
    this.save();
    const ack = await emitAck(socket, "message", on.payload(entry), ACK_TIMEOUT_MS);
    if (ack.ok && ack.message) {
      this.remove(entry.client_id);
      on.stored(entry, ack.message);
      return;
    }
    if (!this.get(entry.client_id) || entry.attempt !== attempt) return;
    this.settleFailure(entry, ack.error, on.retry);
    on.settled(entry);
  }

  /** After a disconnect, in-flight acks will never come: send those again later. */
  requeueInFlight() {
    this.entries.forEach((e) => {
      if (e.state === "sending") e.state = "waiting";
    });
    this.save();
  }
}
