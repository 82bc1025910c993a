/*
 * The composer: what the visitor types goes to the outbox, then out; a
 * message the server refused can be retried, edited or deleted. A message
 * over the length limit never leaves.
 */

import { updateCounter } from "./char-counter.js";
import { ensureStarted } from "./connection.js";
import { $, autoGrow, isSendKey, scrollToBottom } from "./core/dom.js";
import { hideNotice, showNotice } from "./notice.js";
import { flushOutbox } from "./sending.js";
import { state } from "./state.js";
import { renderPending } from "./thread.js";
import { startTyping, stopTyping } from "./typing.js";
import { startUpload } from "./uploads.js";

function send() {
  const input = $("input");
  const text = input.value;
  if (!text.trim()) return;
  const length = updateCounter();
  if (length.over) {
    showNotice(state.T.tooLong(-length.remaining, length.limit), "length");
    return;
  }
  hideNotice();
  state.outbox.add({ content: text });
  input.value = "";
  updateCounter();
  autoGrow(input);
  stopTyping();
  renderPending();
  scrollToBottom($("scroller"));
  ensureStarted();
  flushOutbox();
}

/** What the buttons under a failed message do. */
export const pendingActions = {
  onRetry(entry) {
    if (entry.type === "file" && !entry.attachment_id) {
      startUpload(entry); // the upload itself failed: its bytes go up again
      return;
    }
    entry.state = "waiting";
    entry.error = null;
    state.outbox.save();
    renderPending();
    ensureStarted();
    flushOutbox();
  },
  onEdit(entry) {
    const input = $("input");
    state.outbox.remove(entry.client_id);
    renderPending();
    input.value = entry.content;
    updateCounter();
    autoGrow(input);
    input.focus();
  },
  onRemove(entry) {
    state.outbox.remove(entry.client_id);
    renderPending();
  },
};

export function bindComposer() {
  const input = $("input");
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    send();
    input.focus();
  });
  input.addEventListener("keydown", (event) => {
    if (isSendKey(event)) {
      event.preventDefault();
      send();
    }
  });
  input.addEventListener("input", () => {
    updateCounter(); // first: the counter changes the box's padding, which autoGrow measures
    autoGrow(input);
    if (input.value.trim()) startTyping();
    else stopTyping();
  });
  input.addEventListener("focus", () => {
    ensureStarted();
  });
  input.addEventListener("blur", stopTyping);
  // The page arrives with Send disabled: a click before this module ran would submit the
  // form natively (refused by the CSP's form-action) and lose the message.
  $("send").disabled = false;
}
