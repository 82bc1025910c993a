/* The top bar and the tab: connection state, who I am, my availability, the page title. */

import { $ } from "../widget/core/dom.js";
import { initials } from "../widget/core/format.js";
import { renderChatState } from "./chat-pane.js";
import { setFaviconCount } from "./favicon.js";
import { T } from "./i18n.js";
import { documentTitle, meMeta } from "./labels.js";
import { renderNav } from "./nav.js";
import { state } from "./state.js";
import { unreadTotal } from "./unread.js";

/** kind: "ok" | "connecting" | "reconnecting" | "offline" */
export function setConn(kind) {
  $("conn").dataset.state = kind;
  $("conn-text").textContent = T.conn[kind];
  document.body.classList.toggle("is-disconnected", kind !== "ok");
  renderChatState();
}

export function renderMe() {
  const me = state.me;
  if (!me) return;
  let open = 0;
  state.convs.forEach((entry) => {
    if (!entry.ended) open += 1;
  });
  $("me-name").textContent = me.name;
  $("me-meta").textContent = meMeta(me, open);
  $("me-avatar").textContent = initials(me.name);
  renderNav($("topnav"), me.role, "inbox");
  const shown = me.status && me.status !== "offline" ? me.status : state.desiredStatus;
  ["online", "away"].forEach((s) => {
    $("status-" + s).setAttribute("aria-pressed", shown === s ? "true" : "false");
  });
}

export function renderTitle() {
  const unread = unreadTotal();
  document.title = documentTitle(unread, state.queueWaiting);
  setFaviconCount(unread);
}
