/* Redraws: everything at once, or the parts that change often once per frame. */

import { renderChat, renderChatState } from "./chat-pane.js";
import { renderLists } from "./lists.js";
import { renderMe, renderTitle } from "./topbar.js";

let renderQueued = false;

/** Many events in a burst (a sync, a reconnect) cost one redraw. */
export function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    renderLists();
    renderChatState();
    renderTitle();
  });
}

export function renderAll() {
  renderMe();
  renderLists();
  renderChat(false);
  renderTitle();
}
