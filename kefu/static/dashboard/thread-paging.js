/*
 * Long threads in the chat pane: a thread draws its newest messages (thread-view.js
 * WINDOW); scrolling near the top draws older ones above, fetching them first when the
 * thread can (a preview's loadOlder), and keeps what the agent was reading in its place.
 * At most MAX_DRAWN rows stay drawn: going up undraws the newest, going down draws them
 * again and undraws the oldest, so the DOM stays small however far the agent reads.
 */

import { $, isNearBottom, scrollToBottom } from "../widget/core/dom.js";
import { currentThread } from "./state.js";
import { WINDOW } from "./thread-view.js";

// Start drawing older rows this far from the top, before the agent reaches it.
const EDGE_PX = 600;
const PAGE = 50;
const MAX_DRAWN = 3 * WINDOW;
// Undraw in batches, not a page every frame: fewer relayouts of what stays.
const SLACK = 4 * PAGE;

let loading = null; // the thread whose older messages are being fetched

/** Keep the row under the reader's eyes where it is while rows are added (or removed)
 * above it. */
export function keepPlace(scroller, change) {
  const height = scroller.scrollHeight;
  const top = scroller.scrollTop;
  const result = change();
  const grown = scroller.scrollHeight - height;
  if (grown) scroller.scrollTop = top + grown;
  return result;
}

/** Draw (and fetch, if needed) the next page of older messages of the thread on screen. */
export async function showOlder() {
  const thread = currentThread();
  const scroller = $("messages");
  if (!thread || !thread.view || loading === thread) return;
  if (!thread.view.hasOlder() && thread.loadOlder) {
    loading = thread;
    try {
      await thread.loadOlder();
    } finally {
      loading = null;
    }
    if (currentThread() !== thread) return;
  }
  if (!thread.view.hasOlder()) return;
  keepPlace(scroller, () => thread.view.showOlder(PAGE));
  // Far below, out of sight: the place does not move.
  if (thread.view.drawnCount() > MAX_DRAWN + SLACK) thread.view.trimNewer(MAX_DRAWN);
}

/** Show a thread's newest messages and scroll to them (a reply sent, a new message while
 * at the bottom), drawing them again if the agent had gone far up. */
export function toNewest(view, scroller) {
  if (view.hasNewer()) view.redraw(Math.max(0, view.all.length - WINDOW));
  scrollToBottom(scroller);
}

function fromBottom(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
}

function onScroll() {
  const scroller = $("messages");
  const thread = currentThread();
  if (!thread || !thread.view) return;
  const view = thread.view;
  if (scroller.scrollTop < EDGE_PX) {
    showOlder();
  } else if (view.hasNewer() && fromBottom(scroller) < EDGE_PX) {
    view.showNewer(PAGE);
    if (view.drawnCount() > MAX_DRAWN + SLACK) keepPlace(scroller, () => view.trimOlder(MAX_DRAWN));
  } else if (!view.hasNewer() && isNearBottom(scroller) && view.drawnCount() > 2 * WINDOW) {
    keepPlace(scroller, () => view.trimOlder(WINDOW));
  }
}

export function bindThreadPaging() {
  $("messages").addEventListener("scroll", onScroll, { passive: true });
}
