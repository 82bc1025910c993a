/*
 * A colleague @mentioned me in a private note (the `mention` event): the chime and the
 * desktop notification of alerts.js, and a toast with the note's excerpt whose Open shows
 * the conversation, as mine when it is, else read-only (the server lets me read it, not
 * write in it).
 */

import { el } from "../widget/core/dom.js";
import { alert } from "./alerts.js";
import { T } from "./i18n.js";
import { refreshPreview } from "./preview.js";
import { api } from "./session.js";
import { state } from "./state.js";
import { toast } from "./views.js";

// A mention waits for the agent longer than a notice: it is someone asking for them.
const TOAST_MS = 15000;

const opened = new Map(); // conversation id -> the conversation as read when opened
let select = () => {};

/** The conversation a mention opened read-only (selection.js, kind "mention"). */
export function mentionedConversation(id) {
  return opened.get(id) || null;
}

function isMine(id) {
  const entry = state.convs.get(id);
  return !!entry && !entry.ended;
}

/** Show conversation `id`: mine as mine, anyone else's read-only. */
export async function openMentioned(id) {
  if (isMine(id)) {
    select("mine", id);
    return;
  }
  const res = await api("GET", "/api/conversations/" + id);
  if (!res.ok || !res.data) {
    toast(T.mentionOpenFailed, true);
    return;
  }
  if (isMine(id)) {
    select("mine", id);
    return;
  }
  opened.set(id, res.data);
  select("mention", id);
}

function showToast(mention, by) {
  const item = el("div", "toast toast--action toast--mention");
  item.dataset.testid = "mention-toast";
  item.dataset.conversationId = String(mention.conversation_id);
  const text = el("span", "toast-text");
  text.append(el("strong", null, T.mentionToast(by, mention.conversation_id)));
  if (mention.excerpt) text.append(el("span", "toast-excerpt", mention.excerpt));
  const leave = () => {
    clearTimeout(timer);
    item.classList.add("toast--out");
    setTimeout(() => item.remove(), 300);
  };
  const timer = setTimeout(leave, TOAST_MS);
  item.append(text);
  // Already on screen: the toast only says so (the view reads the new note itself).
  if (!state.selected || state.selected.id !== mention.conversation_id) {
    const button = el("button", "toast-action", T.mentionOpen);
    button.type = "button";
    button.dataset.testid = "mention-open";
    button.addEventListener("click", () => {
      leave();
      openMentioned(mention.conversation_id);
    });
    item.append(button);
  }
  document.getElementById("toasts").appendChild(item);
}

/** The `mention` event: {conversation_id, seq, by: {id, name}, excerpt}. */
export function onMentionEvent(mention) {
  if (!mention || typeof mention.conversation_id !== "number") return;
  const by = (mention.by && mention.by.name) || T.agentFallback;
  alert(T.mentionAlert(by), mention.excerpt || "", "kefu-mention-" + mention.conversation_id);
  showToast(mention, by);
  // A read-only view of that conversation on screen shows the new note now.
  const p = state.preview;
  if (p && p.id === mention.conversation_id && state.selected && state.selected.id === p.id) refreshPreview();
}

/** `open(kind, id)` shows a conversation in the chat pane (selection.select). */
export function bindMentionAlerts(open) {
  select = open;
}
