/*
 * Typing indicators both ways: the visitor's own (sent at most every 2.5 s,
 * stopped after 4 s idle) and the agent's dots.
 */

import { $, isNearBottom, scrollToBottom } from "./core/dom.js";
import { state } from "./state.js";

const RESEND_MS = 2500;
const IDLE_MS = 4000;
// A lost "stopped typing" must not leave the dots forever.
const AGENT_TYPING_MS = 8000;

export function setAgentTyping(on) {
  clearTimeout(state.agentTypingTimer);
  const box = $("typing");
  if (!on) {
    box.hidden = true;
    return;
  }
  const name = state.conv && state.conv.agent ? state.conv.agent.name : null;
  $("typing-text").textContent = state.T.typing(name);
  const scroller = $("scroller");
  const pinned = isNearBottom(scroller);
  box.hidden = false;
  if (pinned) scrollToBottom(scroller);
  state.agentTypingTimer = setTimeout(() => {
    box.hidden = true;
  }, AGENT_TYPING_MS);
}

/** The agent's dots, if shown, say so in the visitor's language now. */
export function relabelTyping() {
  if ($("typing").hidden) return;
  const name = state.conv && state.conv.agent ? state.conv.agent.name : null;
  $("typing-text").textContent = state.T.typing(name);
}

export function startTyping() {
  const conv = state.conv;
  if (!conv || conv.status === "closed" || !state.socket || !state.socket.connected) return;
  const now = Date.now();
  if (!state.typingOn || now - state.typingSent > RESEND_MS) {
    state.typingOn = true;
    state.typingSent = now;
    state.socket.emit("typing", { typing: true });
  }
  clearTimeout(state.typingIdle);
  state.typingIdle = setTimeout(stopTyping, IDLE_MS);
}

export function stopTyping() {
  clearTimeout(state.typingIdle);
  if (!state.typingOn) return;
  state.typingOn = false;
  if (state.socket && state.socket.connected) state.socket.emit("typing", { typing: false });
}
