/* Which conversation the chat pane shows; each keeps its draft and scroll place. */

import { $, isNearBottom } from "../widget/core/dom.js";
import { allOpenConversation } from "./all-open.js";
import { renderChat } from "./chat-pane.js";
import { earlierConversation, renderEarlierBar } from "./earlier.js";
import { historyConversation, markHistorySelected } from "./history.js";
import { renderLists } from "./lists.js";
import { openPreview } from "./preview.js";
import { mentionedConversation } from "./mention-alerts.js";
import { markReadSoon } from "./reading.js";
import { selectedEntry, state } from "./state.js";
import { stopTyping } from "./typing.js";

/** Show one of my conversations (kind "mine"), or read a waiting one (kind "queue"), a
 * closed one from the history (kind "history"), a colleague's (kind "all"), one of the
 * visitor's earlier ones from the visitor panel (kind "earlier") or one a colleague
 * mentioned me in (kind "mention", read-only). */
export function select(kind, id) {
  const previous = selectedEntry();
  if (previous) {
    const scroller = $("messages");
    previous.draft = $("reply-input").value;
    previous.scrollTop = isNearBottom(scroller) ? null : scroller.scrollTop;
  }
  if (!state.selected || state.selected.id !== id) stopTyping();
  // An earlier conversation leads back to the chat it was opened from.
  if (kind === "earlier") {
    if (state.selected && state.selected.kind !== "earlier") state.returnTo = state.selected;
  } else {
    state.returnTo = null;
  }
  state.selected = { kind, id };
  if (kind === "queue") openPreview(id);
  else if (kind === "history") openPreview(id, historyConversation(id));
  else if (kind === "all") openPreview(id, allOpenConversation(id));
  else if (kind === "mention") openPreview(id, mentionedConversation(id)); // read-only
  else if (kind === "earlier") openEarlier(id);
  else state.preview = null;
  renderEarlierBar();
  markHistorySelected(kind === "history" ? id : null);
  $("workspace").classList.add("show-chat");
  renderChat(true);
  renderLists();
  markReadSoon();
}

function openEarlier(id) {
  const conv = earlierConversation(id);
  openPreview(id, conv);
  // Still open but not mine (a colleague holds it now): read-only, as handed on.
  if (conv && conv.status !== "closed" && state.preview) state.preview.ended = "transferred";
}

/** Back from an earlier conversation to the chat it was opened from. */
export function returnFromEarlier() {
  const back = state.returnTo;
  if (back) select(back.kind, back.id);
}

/** Open one of the visitor's conversations listed in the visitor panel: as one of mine
 * when it is, else read-only. */
export function openListed(conv) {
  const entry = state.convs.get(conv.id);
  if (entry && !entry.ended) select("mine", conv.id);
  else select("earlier", conv.id);
}

/** Back to the lists (on a phone, the only pane shown). */
export function deselect() {
  const entry = selectedEntry();
  if (entry) entry.draft = $("reply-input").value;
  state.selected = null;
  state.preview = null;
  state.returnTo = null;
  renderEarlierBar();
  markHistorySelected(null);
  $("workspace").classList.remove("show-chat");
  renderChat(true);
  renderLists();
}
