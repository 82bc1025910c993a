/* The queue of waiting visitors, and a preview line of what each one wrote. */

import { renderChat } from "./chat-pane.js";
import { sortQueue } from "./labels.js";
import { renderQueue } from "./lists.js";
import { refreshPreview } from "./preview.js";
import * as Session from "./session.js";
import { isQueued, state } from "./state.js";
import { renderTitle } from "./topbar.js";

const PREVIEWED = 50;
const PREVIEW_MESSAGES = 5;

let previewsLoading = false;
let previewsAgain = false;

/** A `queue` event: the whole queue as it is now. */
export function onQueueEvent(data) {
  if (!data || !Array.isArray(data.conversations)) return;
  state.listingEvents += 1;
  setQueue(data.conversations, data.waiting);
  if (state.preview) refreshPreview();
}

/** `waiting` counts every waiting visitor; `list` may hold only the first of them. */
export function setQueue(list, waiting) {
  state.queue = sortQueue(list);
  state.queueWaiting = Math.max(typeof waiting === "number" ? waiting : state.queue.length, state.queue.length);
  state.queue.forEach((c) => {
    if (c.skill_group) state.skillGroups.add(c.skill_group);
  });
  renderQueue();
  loadQueuePreviews();
  const selected = state.selected;
  if (selected && selected.kind === "queue" && !isQueued(selected.id) && !state.convs.has(selected.id)) {
    // Someone else took it (or it was closed): the preview ends.
    renderChat();
  }
  renderTitle();
}

/** Fetch the latest visitor message of each waiting conversation, one request at a time. */
async function loadQueuePreviews() {
  if (previewsLoading) {
    previewsAgain = true;
    return;
  }
  previewsLoading = true;
  try {
    do {
      previewsAgain = false;
      const todo = state.queue.slice(0, PREVIEWED).filter((c) => {
        const have = state.queuePreviews.get(c.id);
        return c.last_seq > 0 && (!have || have.seq < c.last_seq);
      });
      for (let i = 0; i < todo.length && Session.current(); i++) {
        const conv = todo[i];
        const res = await Session.api("GET", "/api/conversations/" + conv.id + "/messages?after_seq=" +
          Math.max(0, conv.last_seq - PREVIEW_MESSAGES) + "&limit=" + PREVIEW_MESSAGES);
        if (!res.ok) continue;
        const fromVisitor = (res.data.data || []).filter((m) => m.sender.type === "visitor");
        const last = fromVisitor[fromVisitor.length - 1];
        state.queuePreviews.set(conv.id, { seq: conv.last_seq, text: last ? last.content : "" });
        renderQueue();
      }
    } while (previewsAgain && Session.current());
  } finally {
    previewsLoading = false;
  }
}
