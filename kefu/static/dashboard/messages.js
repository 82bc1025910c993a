/*
 * The messages of one of my conversations: stored ones into its log and
 * view, `sync` to fill holes in the seq order, pending ones from the outbox.
 */

import { emitAck } from "../widget/core/ack.js";
import { $, isNearBottom } from "../widget/core/dom.js";
import { markReadSoon } from "./reading.js";
import { scheduleRender } from "./render.js";
import { isConnected, isShowing, state } from "./state.js";
import { toNewest } from "./thread-paging.js";

const SYNC_ROUNDS = 5;

/** Record and show a stored message; false when it was held already. */
export function addMessage(entry, m) {
  if (!entry.log.add(m) && entry.view.has(m)) return false;
  const showing = isShowing(entry);
  const scroller = $("messages");
  const pinned = showing && isNearBottom(scroller);
  entry.view.add(m);
  entry.lastActivity = Date.parse(m.created_at) || Date.now();
  if (m.sender.type === "visitor") entry.visitorTyping = false;
  if (showing && (pinned || m.sender.type === "agent")) toNewest(entry.view, scroller);
  scheduleRender();
  if (showing) markReadSoon();
  return true;
}

/** Record and show many stored messages (a sync answer) at once: one look at the scroll
 * place and one insertion, however many there are. */
export function addMessages(entry, list) {
  const fresh = list.filter((m) => entry.log.add(m) || !entry.view.has(m));
  if (!fresh.length) return;
  const showing = isShowing(entry);
  const scroller = $("messages");
  const pinned = showing && isNearBottom(scroller);
  entry.view.addMany(fresh);
  const newest = fresh.reduce((at, m) => Math.max(at, Date.parse(m.created_at) || 0), 0);
  entry.lastActivity = Math.max(entry.lastActivity, newest || Date.now());
  if (fresh.some((m) => m.sender.type === "visitor")) entry.visitorTyping = false;
  if (showing && (pinned || fresh.some((m) => m.sender.type === "agent"))) toNewest(entry.view, scroller);
  scheduleRender();
  if (showing) markReadSoon();
}

/** Fetch every message after the highest contiguous seq held; coalesces calls. */
export async function syncEntry(entry) {
  if (!isConnected()) return;
  if (entry.syncing) {
    entry.syncAgain = true;
    return;
  }
  entry.syncing = true;
  try {
    for (let round = 0; round < SYNC_ROUNDS; round++) {
      entry.syncAgain = false;
      const ack = await emitAck(state.socket, "sync", {
        conversation_id: entry.id,
        after_seq: entry.log.contiguous,
      }, 10000);
      if (!ack.ok) break;
      addMessages(entry, ack.messages || []);
      if (entry.log.hasGap()) entry.syncAgain = true;
      if (!entry.syncAgain) break;
    }
  } finally {
    entry.syncing = false;
  }
  if (isShowing(entry)) markReadSoon();
  scheduleRender();
}

/** Redraw the entry's replies that are not acknowledged yet. */
export function renderPendingFor(entry) {
  entry.view.setPending(state.outbox.entries.filter((item) => item.conversation_id === entry.id));
  if (isShowing(entry)) toNewest(entry.view, $("messages"));
}
