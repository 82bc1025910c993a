/*
 * The dashboard's message list: the shared view, plus private notes drawn as
 * notes (a yellow bubble under a lock label) and the test hooks of PROTOCOL §10
 * (data-testid="message" with data-seq, data-sender, data-private). A long thread draws
 * its newest WINDOW messages; thread-paging.js draws older ones as the agent scrolls up.
 */

import { el } from "../widget/core/dom.js";
import { LOCALE, T, noticeText } from "./i18n.js";
import { WindowedListView } from "./windowed-list-view.js";
import { markMentions } from "./mention-marks.js";

/** Rows drawn when a thread opens: a few screens, quick to build and to lay out. */
export const WINDOW = 200;

function markNote(row, isNote) {
  row.dataset.private = isNote ? "true" : "false";
  if (!isNote) return;
  row.classList.add("kf-msg--note");
  const label = el("div", "note-label");
  label.title = T.noteLock;
  label.setAttribute("aria-label", T.noteLock);
  label.append(el("span", "note-lock"), el("span", null, T.noteLabel));
  label.firstChild.setAttribute("aria-hidden", "true");
  const bubble = row.querySelector(".kf-bubble");
  if (bubble) bubble.insertBefore(label, bubble.firstChild);
}

export class ThreadView extends WindowedListView {
  constructor(container, options) {
    super(container, Object.assign({
      testid: "message",
      ownSender: "agent",
      locale: LOCALE,
      noticeText: (m) => noticeText(m.notice, T),
      windowSize: WINDOW,
    }, options));
  }

  render(m) {
    const row = super.render(m);
    markNote(row, !!m.private);
    if (m.private && m.mentions && m.mentions.length) markMentions(row, m);
    return row;
  }

  setPending(entries) {
    super.setPending(entries);
    const rows = this.pending.children;
    entries.forEach((entry, i) => {
      if (rows[i]) markNote(rows[i], !!entry.private);
    });
  }
}

/** Labels of the shared view, in the dashboard's language. */
export function viewLabels(extra) {
  return Object.assign({
    sending: T.sending,
    sent: T.sent,
    seen: T.seen,
    failed: T.failed,
    retry: T.retry,
    edit: T.edit,
    remove: T.remove,
    openImage: T.openImage,
    download: T.download,
    uploading: T.uploading,
    uploadingState: T.uploadingState,
  }, extra);
}
