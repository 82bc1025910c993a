/* "Show earlier messages": the visitor's past conversations, a page at a time. */

import { $, scrollToBottom } from "./core/dom.js";
import { logFor, state } from "./state.js";

const HISTORY_PAGE = 30;

export async function loadHistory() {
  if (!state.visitorId || !state.token) return;
  const page = state.historyPage + 1;
  const button = $("earlier");
  const scroller = $("scroller");
  button.disabled = true;
  try {
    const url = "/api/messages/history?visitor_id=" + encodeURIComponent(state.visitorId) +
      "&page=" + page + "&per_page=" + HISTORY_PAGE;
    const response = await fetch(url, { headers: { Authorization: "Bearer " + state.token } });
    if (!response.ok) return;
    const body = await response.json();
    const messages = body.data || [];
    // Earlier messages go above: keep what the visitor looks at where it is.
    const keepOffset = scroller.scrollHeight - scroller.scrollTop;
    messages.forEach((m) => {
      logFor(m.conversation_id).add(m);
      state.view.add(m);
    });
    if (messages.length) $("welcome").hidden = true;
    state.historyPage = page;
    state.historyTotal = body.total || 0;
    if (page === 1) scrollToBottom(scroller);
    else scroller.scrollTop = scroller.scrollHeight - keepOffset;
    button.hidden = page * HISTORY_PAGE >= state.historyTotal;
  } catch (err) {
    /* history is a nicety; the current conversation comes by sync */
  } finally {
    button.disabled = false;
  }
}
