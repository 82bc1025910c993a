/* A short notice above the composer: why a file or a message was not sent. */

import { $, isNearBottom, scrollToBottom } from "./core/dom.js";

let kind = null;

/** Show `text`; `noticeKind` names its reason, so that reason going away can hide it. */
export function showNotice(text, noticeKind) {
  const scroller = $("scroller");
  const pinned = isNearBottom(scroller);
  kind = noticeKind || null;
  $("notice-text").textContent = text;
  $("notice").hidden = false;
  if (pinned) scrollToBottom(scroller); // the thread got shorter: its end stays in view
}

/** Hide the notice; with `onlyKind`, only a notice of that kind. */
export function hideNotice(onlyKind) {
  if (onlyKind && kind !== onlyKind) return;
  kind = null;
  $("notice").hidden = true;
  $("notice-text").textContent = "";
}

export function bindNotice() {
  $("notice-close").addEventListener("click", () => {
    hideNotice();
    $("input").focus();
  });
}
