/* Which conversation the chat pane shows; each keeps its draft and scroll place. */

import { $, isNearBottom } from "../widget/core/dom.js";
import { allOpenConversation } from "./all-open.js";
import { renderChat } from "./chat-pane.js";
import { historyConversation, markHistorySelected } from "./history.js";
import { renderLists } from "./lists.js";
import { openPreview } from "./preview.js";
import { markReadSoon } from "./reading.js";
import { selectedEntry, state } from "./state.js";
import { stopTyping } from "./typing.js";

/** Show one of my conversations (kind "mine"), or read a waiting one (kind "queue"), a
 * closed one from the history (kind "history") or a colleague's (kind "all"). */
export function select(kind, id) {
  const previous = selectedEntry();
  if (previous) {
    const scroller = $("messages");
    previous.draft = $("reply-input").value;
    previous.scrollTop = isNearBottom(scroller) ? null : scroller.scrollTop;
  }
  if (!state.selected || state.selected.id !== id) stopTyping();
  state.selected = { kind, id };
  if (kind === "queue") openPreview(id);
  else if (kind === "history") openPreview(id, historyConversation(id));
  else if (kind === "all") openPreview(id, allOpenConversation(id));
  else state.preview = null;
  markHistorySelected(kind === "history" ? id : null);
  $("workspace").classList.add("show-chat");
  renderChat(true);
  renderLists();
  markReadSoon();
}

/** Back to the lists (on a phone, the only pane shown). */
export function deselect() {
  const entry = selectedEntry();
  if (entry) entry.draft = $("reply-input").value;
  state.selected = null;
  state.preview = null;
  markHistorySelected(null);
  $("workspace").classList.remove("show-chat");
  renderChat(true);
  renderLists();
}
