/*
 * Typing indicators both ways: mine to the visitor (sent at most every 2.5 s,
 * stopped after 4 s idle) and the visitor's, shown in the list and the pane.
 */

import { scheduleRender } from "./render.js";
import { isConnected, selectedEntry, state } from "./state.js";

const RESEND_MS = 2500;
const IDLE_MS = 4000;
// A lost "stopped" must not leave the indicator on for ever.
const VISITOR_TYPING_MS = 8000;

const mine = { id: null, on: false, sent: 0, idle: null };

export function startTyping() {
  if (!isConnected()) return;
  const entry = selectedEntry();
  if (!entry || entry.ended) return;
  const now = Date.now();
  if (mine.id !== entry.id) stopTyping();
  if (!mine.on || now - mine.sent > RESEND_MS) {
    mine.on = true;
    mine.id = entry.id;
    mine.sent = now;
    state.socket.emit("typing", { conversation_id: entry.id, typing: true });
  }
  clearTimeout(mine.idle);
  mine.idle = setTimeout(stopTyping, IDLE_MS);
}

export function stopTyping() {
  clearTimeout(mine.idle);
  if (!mine.on) return;
  mine.on = false;
  const entry = state.convs.get(mine.id);
  if (isConnected() && entry && !entry.ended) {
    state.socket.emit("typing", { conversation_id: mine.id, typing: false });
  }
}

/** A `typing` event: the visitor of one of my conversations started or stopped. */
export function onTypingEvent(data) {
  const entry = data && state.convs.get(data.conversation_id);
  if (!entry) return;
  clearTimeout(entry.typingTimer);
  entry.visitorTyping = !!data.typing;
  if (entry.visitorTyping) {
    entry.typingTimer = setTimeout(() => {
      entry.visitorTyping = false;
      scheduleRender();
    }, VISITOR_TYPING_MS);
  }
  scheduleRender();
}
