/* The message list (#log): stored messages in seq order, then the pending ones. */

import { $, isNearBottom, scrollToBottom } from "./core/dom.js";
import { MessageListView } from "./core/message-list-view.js";
import { logFor, state } from "./state.js";
import { updateUnread } from "./unread.js";

/** A fresh view of #log; `actions` {onRetry, onEdit, onRemove} handle failed messages. */
export function createView(actions) {
  const T = state.T;
  return new MessageListView($("log"), {
    locale: state.config.locale,
    isMine: (m) => m.sender.type === "visitor",
    labels: {
      sending: T.sending, sent: T.sent, seen: T.seen, failed: T.failed, retry: T.retry,
      edit: T.edit, remove: T.remove, newConversation: T.newConversation,
    },
    onRetry: actions.onRetry,
    onEdit: actions.onEdit,
    onRemove: actions.onRemove,
  });
}

export function renderPending() {
  if (!state.view) return;
  state.view.setPending(state.outbox.entries);
  if (state.outbox.entries.length) $("welcome").hidden = true;
}

/** Record and show a stored message; false when it was shown already. */
export function addMessage(m) {
  const scroller = $("scroller");
  const pinned = isNearBottom(scroller);
  logFor(m.conversation_id).add(m);
  if (!state.view.add(m)) return false;
  $("welcome").hidden = true;
  if (pinned || m.sender.type === "visitor") {
    scrollToBottom(scroller);
  } else {
    $("jump").hidden = false;
  }
  updateUnread();
  return true;
}
