/*
 * The agent's replies: the composer puts them in the outbox, and the outbox
 * is sent whenever the socket is up; each stored reply replaces its pending copy.
 */

import { $, autoGrow, isSendKey, scrollToBottom } from "../widget/core/dom.js";
import { addMessage, renderPendingFor, syncEntry } from "./messages.js";
import { selectedEntry, state } from "./state.js";
import { startTyping, stopTyping } from "./typing.js";

function sendReply() {
  const input = $("reply-input");
  const text = input.value;
  const entry = selectedEntry();
  if (!text.trim() || !entry || entry.ended) return;
  state.outbox.add({ conversation_id: entry.id, content: text });
  input.value = "";
  entry.draft = "";
  autoGrow(input);
  stopTyping();
  renderPendingFor(entry);
  scrollToBottom($("messages"));
  flushOutbox();
}

export function flushOutbox() {
  state.outbox.flush(state.socket, {
    payload: (item) => ({
      conversation_id: item.conversation_id,
      client_id: item.client_id,
      content: item.content,
      type: "text",
    }),
    stored: (item, message) => {
      const entry = state.convs.get(item.conversation_id);
      if (!entry) return;
      renderPendingFor(entry);
      addMessage(entry, message);
      if (entry.log.hasGap()) syncEntry(entry);
    },
    settled: (item) => {
      const entry = state.convs.get(item.conversation_id);
      if (entry) renderPendingFor(entry);
    },
    retry: flushOutbox,
  });
}

/** What the buttons under a failed reply of `entry` do. */
export function pendingActions(entry) {
  return {
    onRetry(item) {
      item.state = "waiting";
      item.error = null;
      state.outbox.save();
      renderPendingFor(entry);
      flushOutbox();
    },
    onEdit(item) {
      const input = $("reply-input");
      state.outbox.remove(item.client_id);
      renderPendingFor(entry);
      input.value = item.content;
      autoGrow(input);
      input.focus();
    },
    onRemove(item) {
      state.outbox.remove(item.client_id);
      renderPendingFor(entry);
    },
  };
}

export function bindComposer() {
  const input = $("reply-input");
  $("reply-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendReply();
    input.focus();
  });
  input.addEventListener("keydown", (event) => {
    if (isSendKey(event)) {
      event.preventDefault();
      sendReply();
    }
  });
  input.addEventListener("input", () => {
    autoGrow(input);
    if (input.value.trim()) startTyping();
    else stopTyping();
  });
  input.addEventListener("blur", stopTyping);
}
