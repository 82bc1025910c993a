/* The header and status line: who the visitor is talking to, and where they stand. */

import { conversationStatus } from "./conversation-status.js";
import { $ } from "./core/dom.js";
import { initials } from "./core/format.js";
import { state } from "./state.js";

export function renderConversation() {
  const status = conversationStatus(state.conv, state.T, state.config.title);
  $("title").textContent = status.title;
  $("subtitle").textContent = status.subtitle;
  $("avatar-text").textContent = status.agentName ? initials(status.agentName) : "";
  $("avatar").classList.toggle("kw-avatar--agent", !!status.agentName);
  $("presence").hidden = !status.agentName;
  const line = $("status");
  line.textContent = status.line;
  line.hidden = !status.line;
  line.dataset.kind = status.kind;
  $("input").placeholder = status.placeholder;
}
