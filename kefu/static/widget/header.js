/* The header and status line: who the visitor is talking to, and where they stand. */

import { conversationStatus } from "./conversation-status.js";
import { $ } from "./core/dom.js";
import { initials } from "./core/format.js";
import { state } from "./state.js";

export function renderConversation() {
  const status = conversationStatus(state.conv, state.T, state.config.title, state.site);
  $("title").textContent = status.title;
  $("subtitle").textContent = status.subtitle;
  $("avatar-text").textContent = status.agentName ? initials(status.agentName) : "";
  $("avatar").classList.toggle("kw-avatar--agent", !!status.agentName);
  $("presence").hidden = !status.agentName;
  const line = $("status");
  // Just after the offline form its own thanks says this.
  const text = status.kind === "pending" && state.offlineSent ? "" : status.line;
  line.textContent = text;
  line.hidden = !text;
  line.dataset.kind = status.kind;
  if (status.kind === "queued") line.dataset.testid = "kefu-queue-position";
  else delete line.dataset.testid;
  $("input").placeholder = status.placeholder;
}
