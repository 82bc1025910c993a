/*
 * The visitor's current conversation: its state from the server, incoming
 * messages, and `sync`, which fills any hole in the seq order (after each
 * (re)connect, or when a seq jumps). A jump over private notes is a hole only
 * until a sync answer has covered it.
 */

import { emitAck } from "./core/ack.js";
import { renderConversation } from "./header.js";
import { renderRating } from "./rating.js";
import { logFor, state } from "./state.js";
import { addMessage, renderPending } from "./thread.js";
import { setAgentTyping } from "./typing.js";
import { markRead, updateUnread } from "./unread.js";

const SYNC_ROUNDS = 5;
const changeListeners = [];

/** Call `fn` when what is known of the visitor's conversation changed. */
export function onConversationChange(fn) {
  changeListeners.push(fn);
}

function changed() {
  changeListeners.forEach((fn) => fn());
}

/** Make `conversationId` the one shown; what was read or typed belongs to the old one. */
export function setCurrent(conversationId) {
  if (state.convId === conversationId) return;
  state.convId = conversationId;
  state.agentReadSeq = 0;
  state.seenSeq = 0;
  state.readSent = 0;
  state.ratingScore = 0;
  setAgentTyping(false);
}

export function applyConversation(conv) {
  if (!conv || typeof conv.id !== "number") return;
  if (state.convId && conv.id < state.convId) return; // an older one; the current is newer
  const isNew = state.convId !== conv.id;
  setCurrent(conv.id);
  const previous = state.conv;
  state.conv = conv;
  state.agentReadSeq = Math.max(state.agentReadSeq, conv.agent_read_seq || 0);
  state.readSent = Math.max(state.readSent, conv.visitor_read_seq || 0);
  state.seenSeq = Math.max(state.seenSeq, state.readSent);
  state.view.setReadUpTo(conv.id, state.agentReadSeq);
  if (logFor(conv.id).contiguous < (conv.last_seq || 0)) syncNow();
  const agentChanged = previous && previous.agent && conv.agent && previous.agent.id !== conv.agent.id;
  if (conv.status !== "open" || agentChanged) setAgentTyping(false);
  if (isNew || !previous || previous.status !== conv.status) renderRating();
  renderConversation();
  updateUnread();
  changed();
}

/** A `message` event: ours (acknowledging a pending one) or the other side's. */
export function onMessage(m) {
  if (!m || typeof m.seq !== "number" || typeof m.conversation_id !== "number") return;
  if (m.sender && m.sender.type === "visitor" && m.client_id && state.outbox.remove(m.client_id)) renderPending();
  addMessage(m);
  if (m.sender.type !== "visitor") setAgentTyping(false);
  if (!state.convId || m.conversation_id > state.convId) {
    syncNow(); // a conversation we have not heard of: sync names it
  } else if (m.conversation_id === state.convId && logFor(m.conversation_id).hasGap()) {
    syncNow();
  }
}

/** Ask for everything after what we hold; coalesces overlapping calls. */
export async function syncNow() {
  if (!state.socket || !state.socket.connected) return;
  if (state.syncing) {
    state.syncAgain = true;
    return;
  }
  state.syncing = true;
  try {
    for (let round = 0; round < SYNC_ROUNDS; round++) {
      state.syncAgain = false;
      const known = state.convId;
      const after = known ? logFor(known).contiguous : 0;
      const ack = await emitAck(state.socket, "sync", { after_seq: after }, 10000);
      if (!ack.ok) break;
      if (!state.convKnown) {
        state.convKnown = true; // the server said which conversation is current, or that none is
        if (!ack.conversation) changed();
      }
      if (ack.conversation && ack.conversation.id !== known && after > 0) {
        // The visitor's current conversation changed: fetch it from the start.
        applyConversation(ack.conversation);
        state.syncAgain = true;
        continue;
      }
      (ack.messages || []).forEach(addMessage);
      if (ack.conversation) {
        // Everything up to last_seq has been given: a seq not among it is an agent's private
        // note, never sent to visitors, and no reason to sync again.
        logFor(ack.conversation.id).coveredUpTo(ack.conversation.last_seq || 0);
        applyConversation(ack.conversation);
      }
      const current = state.convId && logFor(state.convId);
      if (current && current.hasGap()) state.syncAgain = true;
      if (!state.syncAgain) break;
    }
  } finally {
    state.syncing = false;
  }
  markRead();
}
