/* Sends the outbox: each stored message replaces its pending copy. */

import { setCurrent, syncNow } from "./conversation.js";
import { logFor, state } from "./state.js";
import { addMessage, renderPending } from "./thread.js";

export function flushOutbox() {
  state.outbox.flush(state.socket, {
    payload: (entry) => entry.type === "file" ?
      { client_id: entry.client_id, content: entry.content, type: "file", attachment_id: entry.attachment_id } :
      { client_id: entry.client_id, content: entry.content, type: "text" },
    stored: (entry, message) => {
      renderPending();
      if (!state.convId || message.conversation_id > state.convId) setCurrent(message.conversation_id);
      addMessage(message);
      if (logFor(message.conversation_id).hasGap()) syncNow();
    },
    settled: renderPending,
    retry: flushOutbox,
  });
}
