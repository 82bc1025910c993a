/* The queue preview: read a waiting visitor's messages before picking them. */

import { $, el, scrollToBottom } from "../widget/core/dom.js";
import { ConversationLog } from "../widget/core/log.js";
import { openLightbox } from "./lightbox.js";
import { api } from "./session.js";
import { isSelected, state } from "./state.js";
import { ThreadView, viewLabels } from "./thread-view.js";

/** Preview a waiting conversation, or `given` (a closed one from the history, or for a
 * supervisor a colleague's open one), read-only. */
export function openPreview(id, given) {
  const conv = given || state.queue.find((c) => c.id === id);
  if (!conv) return;
  const container = el("div", "thread");
  state.preview = {
    id,
    conv,
    ended: conv.status === "closed" ? "closed" : null,
    log: new ConversationLog(id),
    container,
    view: new ThreadView(container, { isMine: (m) => m.sender.type === "agent", labels: viewLabels(), onOpenImage: openLightbox }),
  };
  refreshPreview();
}

/** Fetch what the visitor wrote since the preview's last read. */
export async function refreshPreview() {
  const p = state.preview;
  if (!p) return;
  const fresh = state.queue.find((c) => c.id === p.id);
  if (fresh) p.conv = fresh;
  const res = await api("GET", "/api/conversations/" + p.id + "/messages?after_seq=" + p.log.contiguous + "&limit=500");
  if (!res.ok || state.preview !== p) return;
  (res.data.data || []).forEach((m) => {
    p.log.add(m);
    p.view.add(m);
  });
  if (isSelected("queue", p.id)) scrollToBottom($("messages"));
}
