/*
 * The composer's two modes: a reply to the visitor, or a private note for the
 * team. Pure: what each mode shows and what it sends.
 */

export const REPLY = "reply";
export const NOTE = "note";

export function toggleMode(mode) {
  return mode === NOTE ? REPLY : NOTE;
}

/** What the composer shows in `mode`, with strings `T`. */
export function modeView(mode, T) {
  const note = mode === NOTE;
  return {
    note,
    placeholder: note ? T.notePlaceholder : T.replyPlaceholder,
    send: note ? T.sendNote : T.sendReply,
    toggle: note ? T.noteMode : T.replyMode,
  };
}

/** The socket `message` payload of an outbox item (text, or a file with its caption). */
export function messagePayload(item) {
  const payload = {
    conversation_id: item.conversation_id,
    client_id: item.client_id,
    content: item.content || "",
    type: item.type === "file" ? "file" : "text",
  };
  if (item.type === "file") payload.attachment_id = item.attachment_id;
  if (item.private) payload.private = true;
  // Colleagues a note @mentions (mentions.js); a reply mentions nobody.
  if (item.private && item.mentions && item.mentions.length) payload.mentions = item.mentions.slice();
  return payload;
}

/** Ctrl/Cmd+Shift+N (or Alt+N) switches modes. */
export function isToggleKey(event) {
  const key = String(event.key || "").toLowerCase();
  const chord = (event.ctrlKey || event.metaKey) && event.shiftKey;
  return key === "n" && !!(chord || (event.altKey && !event.ctrlKey));
}
