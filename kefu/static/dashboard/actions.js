/*
 * What the agent does with a conversation: pick it from the queue, close it (after an
 * undo window: the close is sent only once it has passed, as the server has no reopen),
 * dismiss it.
 */

import { emitAck } from "../widget/core/ack.js";
import { $ } from "../widget/core/dom.js";
import { onConversationEvent } from "./conversations.js";
import { T } from "./i18n.js";
import { visitorName } from "./labels.js";
import { renderQueue } from "./lists.js";
import { dropPending } from "./pending.js";
import { loadQueue } from "./reconcile.js";
import { renderAll } from "./render.js";
import { deselect, select } from "./selection.js";
import * as Session from "./session.js";
import { state } from "./state.js";
import { actionToast, toast } from "./views.js";

export const UNDO_MS = 5000;

const closing = state.closing;

export async function pick(id, button) {
  if (button) button.disabled = true;
  const ack = await emitAck(state.socket, "pick", { conversation_id: id }, 10000);
  if (button) button.disabled = false;
  if (ack.ok && ack.conversation) {
    onConversationEvent(ack.conversation);
    select("mine", id);
    $("reply-input").focus();
    return;
  }
  const code = ack.error && ack.error.code;
  if (code === "already_assigned") {
    state.queue = state.queue.filter((c) => c.id !== id);
    renderQueue();
    dropPending(id);
    toast(T.pickTaken, true);
    loadQueue();
  } else if (code === "capacity_full") {
    toast(T.pickFull, true);
  } else {
    toast(T.pickFailed(ack.error.message), true);
  }
}

async function sendClose(id) {
  renderAll();
  const ack = await emitAck(state.socket, "close", { conversation_id: id }, 10000);
  if (ack.ok) onConversationEvent(ack.conversation);
  else toast(T.closeFailed(ack.error.message), true);
}

/** Close the selected conversation of mine once the undo window has passed. */
export function closeSelected() {
  const entry = state.selected && state.selected.kind === "mine" && state.convs.get(state.selected.id);
  if (!entry || entry.ended || !closing.schedule(entry.id, UNDO_MS, () => sendClose(entry.id))) return;
  const item = actionToast(T.closing(visitorName(entry.conv)), T.undo, UNDO_MS, () => {
    if (closing.cancel(entry.id)) renderAll();
  });
  item.dataset.conversationId = String(entry.id);
  renderAll();
}

/** The page is going away: closes still waiting go out now, by REST (keepalive outlives the page). */
export function flushClosing() {
  const session = Session.current();
  closing.runAll((id) => {
    if (!session) return;
    fetch("/api/conversations/" + id + "/close", {
      method: "POST",
      keepalive: true,
      headers: { Authorization: "Bearer " + session.access_token },
    }).catch(() => {});
  });
}

/** Sign-out: nothing waiting is sent. */
export function forgetClosing() {
  closing.clear();
}

/** Remove an ended conversation from my list, with any replies it never sent. */
export function dismiss(id) {
  state.convs.delete(id);
  state.outbox.entries
    .filter((item) => item.conversation_id === id)
    .forEach((item) => state.outbox.remove(item.client_id));
  if (state.selected && state.selected.id === id) deselect();
  renderAll();
}
