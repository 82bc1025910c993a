/* The message list (#log): stored messages in seq order, then the pending ones. */

import { $, isNearBottom, scrollToBottom } from "./core/dom.js";
import { MessageListView } from "./core/message-list-view.js";
import { noticeText } from "./core/notice-text.js";
import { logFor, state } from "./state.js";
import { updateUnread } from "./unread.js";

const pendingWatchers = [];

/**
 * A fresh view of #log. `hooks`: {onRetry, onEdit, onRemove} handle failed messages,
 * onOpenImage(attachment, button) shows an image larger, pendingFile(entry) draws a file
 * on its way.
 */
export function createView(hooks) {
  const T = state.T;
  return new MessageListView($("log"), {
    locale: state.config.locale,
    isMine: (m) => m.sender.type === "visitor",
    testid: "kefu-message",
    ownSender: "visitor",
    labels: {
      sending: T.sending, sent: T.sent, seen: T.seen, failed: T.failed, retry: T.retry,
      edit: T.edit, remove: T.remove, newConversation: T.newConversation,
      openImage: T.openImage, download: T.download, uploading: T.uploading, uploadingState: T.uploadingState,
    },
    noticeText: (m) => noticeText(m.notice, T),
    onRetry: hooks.onRetry,
    onEdit: hooks.onEdit,
    onRemove: hooks.onRemove,
    onOpenImage: hooks.onOpenImage,
    pendingFile: hooks.pendingFile,
  });
}

/** Call `fn` after each redraw of the pending messages (one was added, sent or deleted). */
export function watchPending(fn) {
  pendingWatchers.push(fn);
}

export function renderPending() {
  if (!state.view) return;
  const scroller = $("scroller");
  const pinned = isNearBottom(scroller);
  state.view.setPending(state.outbox.entries);
  // A message that failed grows its buttons: keep them in view.
  if (pinned) scrollToBottom(scroller);
  if (state.outbox.entries.length) $("welcome").hidden = true;
  pendingWatchers.forEach((fn) => fn());
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
