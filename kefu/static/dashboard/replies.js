/*
 * The agent's composer: replies and private notes (a toggle), files (attach,
 * paste, drop) and canned responses ("/shortcut"). What is written goes into
 * the outbox, which is sent whenever the socket is up; each stored message
 * replaces its pending copy.
 */

import { $, autoGrow, isSendKey, scrollToBottom } from "../widget/core/dom.js";
import { bindCannedSuggestions } from "./canned-ui.js";
import { NOTE, REPLY, isToggleKey, messagePayload, modeView, toggleMode } from "./compose-mode.js";
import { T } from "./i18n.js";
import { bindMentionSuggestions } from "./mention-ui.js";
import { addMessage, renderPendingFor, syncEntry } from "./messages.js";
import { selectedEntry, state } from "./state.js";
import { startTyping, stopTyping } from "./typing.js";
import { canRetryUpload, forgetUploads, sendFiles, startUpload } from "./uploads.js";

let mode = REPLY;
let mentionBox = null; // the "@" suggestions of a note (mention-ui.js)

/** Whether the composer writes a private note (else a reply to the visitor). */
export function isNoteMode() {
  return mode === NOTE;
}

/** Switch the composer to `next` (REPLY or NOTE) and show it. */
export function setMode(next) {
  mode = next === NOTE ? NOTE : REPLY;
  const view = modeView(mode, T);
  const input = $("reply-input");
  const toggle = $("note-toggle");
  $("reply-form").classList.toggle("reply--note", view.note);
  input.placeholder = view.placeholder;
  toggle.setAttribute("aria-pressed", view.note ? "true" : "false");
  toggle.dataset.mode = mode;
  $("note-toggle-text").textContent = view.toggle;
  $("reply-send").textContent = view.send;
  // A note is no reply: the visitor is not told an agent is typing one.
  if (view.note) stopTyping();
  else if (mentionBox) mentionBox.close();
}

function sendReply() {
  const input = $("reply-input");
  const text = input.value;
  const entry = selectedEntry();
  if (!text.trim() || !entry || entry.ended) return;
  const note = isNoteMode();
  const mentions = note && mentionBox ? mentionBox.idsIn(text) : [];
  state.outbox.add({ conversation_id: entry.id, content: text, private: note, mentions });
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
    payload: messagePayload,
    stored: (item, message) => {
      const entry = state.convs.get(item.conversation_id);
      forgetUploads();
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
      if (canRetryUpload(item)) {
        startUpload(item);
        return;
      }
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
      setMode(item.private ? NOTE : REPLY);
      input.value = item.content;
      autoGrow(input);
      input.focus();
    },
    onRemove(item) {
      state.outbox.remove(item.client_id);
      forgetUploads();
      renderPendingFor(entry);
    },
  };
}

function bindFiles() {
  const picker = $("attach-input");
  picker.addEventListener("change", () => {
    sendFiles(selectedEntry(), picker.files, isNoteMode());
    picker.value = "";
  });
  $("reply-input").addEventListener("paste", (event) => {
    const files = event.clipboardData && event.clipboardData.files;
    if (files && files.length) {
      event.preventDefault();
      sendFiles(selectedEntry(), files, isNoteMode());
    }
  });
  const pane = $("chat-pane");
  let depth = 0;
  const hasFiles = (event) => event.dataTransfer && Array.from(event.dataTransfer.types || []).includes("Files");
  const canDrop = () => {
    const entry = selectedEntry();
    return !!entry && !entry.ended;
  };
  pane.addEventListener("dragenter", (event) => {
    if (!hasFiles(event) || !canDrop()) return;
    event.preventDefault();
    depth += 1;
    pane.classList.add("is-dropping");
  });
  pane.addEventListener("dragover", (event) => {
    if (!hasFiles(event) || !canDrop()) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  });
  pane.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) pane.classList.remove("is-dropping");
  });
  pane.addEventListener("drop", (event) => {
    depth = 0;
    pane.classList.remove("is-dropping");
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (canDrop()) sendFiles(selectedEntry(), event.dataTransfer.files, isNoteMode());
  });
}

export function bindComposer() {
  const input = $("reply-input");
  $("attach-text").textContent = T.attach;
  $("attach-label").title = T.attach;
  $("drop-hint").textContent = T.dropHere;
  $("note-toggle").title = T.noteToggle + " (Ctrl+Shift+N)";
  setMode(REPLY);
  const suggestions = bindCannedSuggestions(input);
  mentionBox = bindMentionSuggestions(input, () => isNoteMode() && !!selectedEntry());
  $("reply-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendReply();
    input.focus();
  });
  $("note-toggle").addEventListener("click", () => {
    setMode(toggleMode(mode));
    input.focus();
  });
  input.addEventListener("keydown", (event) => {
    if (suggestions.onKeydown(event) || mentionBox.onKeydown(event)) return;
    if (isToggleKey(event)) {
      event.preventDefault();
      setMode(toggleMode(mode));
      return;
    }
    if (isSendKey(event)) {
      event.preventDefault();
      sendReply();
    }
  });
  input.addEventListener("input", () => {
    autoGrow(input);
    suggestions.onInput();
    mentionBox.onInput();
    if (input.value.trim() && !isNoteMode()) startTyping();
    else stopTyping();
  });
  input.addEventListener("blur", () => {
    stopTyping();
    suggestions.onBlur();
    mentionBox.onBlur();
  });
  bindFiles();
}
