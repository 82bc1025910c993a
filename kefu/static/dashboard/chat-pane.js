/* The chat pane: the selected thread, its header, banner, composer state and details. */

import { $, autoGrow, scrollToBottom } from "../widget/core/dom.js";
import { initials } from "../widget/core/format.js";
import { mayReassign } from "./all-open-rules.js";
import { T } from "./i18n.js";
import { chatState, pageLabel, visitorName } from "./labels.js";
import { mentionedChatState } from "./mentions.js";
import { currentThread, isConnected, isQueued, state } from "./state.js";
import { renderDetails } from "./views.js";

/** Swap the thread into the pane (switched=true) and refresh header, details, composer. */
export function renderChat(switched) {
  const thread = currentThread();
  const scroller = $("messages");
  $("chat-placeholder").hidden = !!thread;
  $("chat-pane").hidden = !thread;
  if (!thread) {
    scroller.textContent = "";
    renderDetails($("details-list"), $("details-empty"), null);
    return;
  }
  if (scroller.firstElementChild !== thread.container) {
    scroller.textContent = "";
    scroller.appendChild(thread.container);
    switched = true;
  }
  if (switched) {
    // Each conversation keeps its draft and, when scrolled up, its place.
    const input = $("reply-input");
    input.value = state.selected.kind === "mine" ? thread.draft || "" : "";
    autoGrow(input);
    if (thread.scrollTop === null || thread.scrollTop === undefined) scrollToBottom(scroller);
    else scroller.scrollTop = thread.scrollTop;
  }
  renderChatState();
  renderDetails($("details-list"), $("details-empty"), thread.conv);
}

export function renderChatState() {
  const thread = currentThread();
  if (!thread) return;
  const conv = thread.conv;
  const queued = state.selected.kind === "queue";
  const stillWaiting = queued && isQueued(conv.id);
  const name = visitorName(conv);
  $("chat-title").textContent = name;
  $("chat-avatar").textContent = initials(name);
  const sub = [];
  if (conv.visitor && conv.visitor.email && conv.visitor.email !== name) sub.push(conv.visitor.email);
  if (conv.visitor && conv.visitor.page_url) sub.push(pageLabel(conv.visitor.page_url));
  $("chat-sub").textContent = sub.join(" · ");

  // A supervisor's look at a colleague's chat: reassign it, not reply in it. One I was
  // @mentioned in: read it only (mention-alerts.js).
  const mentioned = state.selected.kind === "mention";
  const watching = state.selected.kind === "all" || mentioned;
  const readOnly = mentioned || (watching && !mayReassign(state.me && state.me.role));
  let shown = chatState({ conv, queued, stillWaiting, watching, readOnly, ended: thread.ended, connected: isConnected() });
  if (mentioned && !thread.ended) shown = mentionedChatState(conv, T);
  const status = $("chat-status");
  status.textContent = shown.label;
  status.dataset.kind = shown.kind;

  const active = !queued && !thread.ended;
  $("pick-selected").hidden = !queued || !stillWaiting;
  // An agent allowed to see All open reads a colleague's chat; reassigning it is not theirs.
  $("transfer-open").hidden = !active || conv.status !== "open" || readOnly;
  $("close-conv").hidden = !active || watching;
  $("close-conv").disabled = state.closing.has(conv.id);
  $("reply-form").hidden = !active || watching;

  const banner = $("chat-banner");
  banner.textContent = shown.banner;
  banner.hidden = !shown.banner;
  banner.dataset.kind = shown.bannerKind;

  const typing = !queued && thread.visitorTyping && !thread.ended;
  $("typing-line").textContent = typing ? T.isTyping(name) : "";
}
