/*
 * Redraws of the whole chat: empty it for another visitor, or draw it again in
 * another language (the page's Kefu.identify, Kefu.reset, Kefu.setLocale).
 */

import { pendingActions } from "./composer.js";
import { $ } from "./core/dom.js";
import { renderConversation } from "./header.js";
import { openLightbox } from "./lightbox.js";
import { renderPanels } from "./panels.js";
import { renderRating } from "./rating.js";
import { state } from "./state.js";
import { createView, renderPending } from "./thread.js";
import { pendingFile } from "./uploads.js";

// What the message view calls back: failed messages' buttons, images, files on their way.
export const viewHooks = Object.assign({ onOpenImage: openLightbox, pendingFile }, pendingActions);

/** Another visitor than the one shown (say, the site's user logged in): start from empty. */
export function resetConversationState() {
  state.logs = new Map();
  state.convId = null;
  state.conv = null;
  state.seenSeq = 0;
  state.readSent = 0;
  state.agentReadSeq = 0;
  state.historyPage = 0;
  state.historyTotal = 0;
  state.convKnown = false;
  state.ratingScore = 0;
  $("log").textContent = "";
  $("earlier").hidden = true;
  state.view = createView(viewHooks);
  renderPending();
  renderConversation();
  renderRating();
  renderPanels();
}

/** Draw the thread again (its labels and times in the visitor's language now). */
export function redrawThread() {
  $("log").textContent = "";
  state.view = createView(viewHooks);
  state.logs.forEach((log) => log.bySeq.forEach((m) => state.view.add(m)));
  if (state.convId) state.view.setReadUpTo(state.convId, state.agentReadSeq);
  renderPending();
}
