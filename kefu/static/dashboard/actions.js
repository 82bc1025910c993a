/* What the agent does with a conversation: pick it from the queue, close it, dismiss it. */

import { emitAck } from "../widget/core/ack.js";
import { $ } from "../widget/core/dom.js";
import { onConversationEvent } from "./conversations.js";
import { renderQueue } from "./lists.js";
import { dropPending } from "./pending.js";
import { loadQueue } from "./reconcile.js";
import { renderAll } from "./render.js";
import { deselect, select } from "./selection.js";
import { state } from "./state.js";
import { toast } from "./views.js";

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
    toast("Someone else already took that conversation.", true);
    loadQueue();
  } else if (code === "capacity_full") {
    toast("You are at your limit of open conversations. Close one first.", true);
  } else {
    toast("Could not pick the conversation: " + ack.error.message, true);
  }
}

export async function closeSelected() {
  const entry = state.selected && state.convs.get(state.selected.id);
  if (!entry || entry.ended) return;
  const button = $("close-conv");
  button.disabled = true;
  const ack = await emitAck(state.socket, "close", { conversation_id: entry.id }, 10000);
  button.disabled = false;
  if (ack.ok) {
    onConversationEvent(ack.conversation);
    toast("Conversation closed.");
  } else {
    toast("Could not close: " + ack.error.message, true);
  }
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
