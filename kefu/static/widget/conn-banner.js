/* The connection banner: says why the chat is not live, after a short grace. */

import { $ } from "./core/dom.js";
import { state } from "./state.js";

function textFor(kind, T) {
  return { connecting: T.connecting, reconnecting: T.reconnecting, offline: T.offline,
    unavailable: T.unavailable }[kind];
}

/** The banner on screen, in the visitor's language now. */
export function relabelConn() {
  const banner = $("conn");
  if (!banner.hidden && banner.dataset.kind) banner.textContent = textFor(banner.dataset.kind, state.T);
}

/** No session (the page switched the visitor): no banner and no state until the next start. */
export function clearConn() {
  const banner = $("conn");
  clearTimeout(state.connTimer);
  banner.hidden = true;
  banner.textContent = "";
  delete banner.dataset.state;
  delete banner.dataset.kind;
}

/** kind: "ok" | "connecting" | "reconnecting" | "offline" | "unavailable" */
export function setConn(kind) {
  const banner = $("conn");
  const T = state.T;
  clearTimeout(state.connTimer);
  // For tests and tools (PROTOCOL.md section 10), at once; people see the banner after a grace.
  banner.dataset.state = kind === "ok" ? "connected" : kind === "connecting" || kind === "reconnecting" ?
    "connecting" : "offline";
  if (kind === "ok") {
    banner.hidden = true;
    banner.textContent = "";
    return;
  }
  const text = textFor(kind, T);
  // A short blip does not deserve a banner.
  state.connTimer = setTimeout(() => {
    banner.textContent = text;
    banner.dataset.kind = kind;
    banner.hidden = false;
  }, kind === "connecting" ? 1500 : 800);
}
