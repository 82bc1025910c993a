/* The queue preview: read a waiting visitor's messages before picking them. */

import { $, el } from "../widget/core/dom.js";
import { ConversationLog } from "../widget/core/log.js";
import { openLightbox } from "./lightbox.js";
import { api } from "./session.js";
import { isSelected, state } from "./state.js";
import { toNewest } from "./thread-paging.js";
import { ThreadView, WINDOW, viewLabels } from "./thread-view.js";

const FETCH_MAX = 500; // the API's largest page

/** Preview a waiting conversation, or `given` (a closed one from the history, or for a
 * supervisor a colleague's open one), read-only. */
export function openPreview(id, given) {
  const conv = given || state.queue.find((c) => c.id === id);
  if (!conv) return;
  const container = el("div", "thread");
  const p = {
    id,
    conv,
    ended: conv.status === "closed" ? "closed" : null,
    log: new ConversationLog(id),
    container,
    view: new ThreadView(container, { isMine: (m) => m.sender.type === "agent", labels: viewLabels(), onOpenImage: openLightbox }),
    oldestSeq: null, // the lowest seq fetched: older pages come from below it
    loadOlder: () => loadOlderPreview(p),
    loaded: false,
  };
  // A long conversation opens on its newest messages; older ones come as the agent scrolls up.
  if (conv.last_seq > WINDOW) {
    p.oldestSeq = conv.last_seq - WINDOW + 1;
    p.log.coveredUpTo(conv.last_seq - WINDOW);
  }
  state.preview = p;
  refreshPreview();
}

/** Fetch the page of messages before the oldest one held (thread-paging.js asks). */
async function loadOlderPreview(p) {
  if (!p || !p.oldestSeq || p.oldestSeq <= 1) return;
  const after = Math.max(0, p.oldestSeq - 1 - FETCH_MAX);
  const res = await api("GET", "/api/conversations/" + p.id + "/messages?after_seq=" + after +
    "&limit=" + (p.oldestSeq - 1 - after));
  if (!res.ok) return;
  p.oldestSeq = after + 1;
  p.view.addOlder(res.data.data || []);
}

/** Fetch what the visitor wrote since the preview's last read. */
export async function refreshPreview() {
  const p = state.preview;
  if (!p) return;
  const fresh = state.queue.find((c) => c.id === p.id);
  if (fresh) p.conv = fresh;
  const res = await api("GET", "/api/conversations/" + p.id + "/messages?after_seq=" + p.log.contiguous + "&limit=" + FETCH_MAX);
  if (!res.ok || state.preview !== p) return;
  const said = res.data.data || [];
  said.forEach((m) => p.log.add(m));
  p.view.addMany(said);
  // A waiting visitor's newest words stay in sight; any other preview opens at its end.
  if (isSelected("queue", p.id) || (!p.loaded && state.selected && state.selected.id === p.id)) {
    toNewest(p.view, $("messages"));
  }
  p.loaded = true;
}
