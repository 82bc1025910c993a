/*
 * What the agent has read: the conversation on screen counts as read at
 * once; the server hears of it (read receipts for the visitor) when connected.
 */

import { emitAck } from "../widget/core/ack.js";
import { coalesce } from "../widget/core/coalesce.js";
import { scheduleRender } from "./render.js";
import { isConnected, selectedEntry, state } from "./state.js";

function markRead() {
  if (document.visibilityState === "visible") {
    const entry = selectedEntry();
    if (entry && entry.log.maxSeq > entry.seenSeq) {
      entry.seenSeq = entry.log.maxSeq;
      scheduleRender();
    }
  }
  sendReads();
}

export const markReadSoon = coalesce(markRead, 250);

export function sendReads() {
  if (!isConnected()) return;
  state.convs.forEach((entry) => {
    // A closed conversation still belongs to its agent: what was read before closing counts.
    if (entry.seenSeq > entry.readSent && entry.ended !== "transferred") {
      entry.readSent = entry.seenSeq;
      emitAck(state.socket, "read", { conversation_id: entry.id, seq: entry.seenSeq }, 10000);
    }
  });
}
