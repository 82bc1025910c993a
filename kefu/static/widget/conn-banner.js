/* The connection banner: says why the chat is not live, after a short grace. */

import { $ } from "./core/dom.js";
import { state } from "./state.js";

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
  const text = { connecting: T.connecting, reconnecting: T.reconnecting, offline: T.offline,
    unavailable: T.unavailable }[kind];
  // A short blip does not deserve a banner.
  state.connTimer = setTimeout(() => {
    banner.textContent = text;
    banner.dataset.kind = kind;
    banner.hidden = false;
  }, kind === "connecting" ? 1500 : 800);
}
