/*
 * What the widget tells the page around it, for window.Kefu.on(): a new message from an
 * agent, and an API call it could not carry out. Through the one checked channel to the
 * host origin (parent.js); the loader hands them to the page's handlers.
 */

import { pageMessage } from "./page-api.js";
import { postToParent } from "./parent.js";

/** A message that just arrived on the socket: the page hears of it if an agent wrote it. */
export function announceMessage(m) {
  const data = pageMessage(m);
  if (data) postToParent({ type: "event", name: "message", data });
}

/** An API call failed or was refused: `error` {code, message}; `method` the call's name. */
export function announceError(method, error) {
  const code = (error && error.code) || "error";
  const message = (error && error.message) || "Kefu." + method + "() failed";
  postToParent({ type: "event", name: "error", data: { method, code, message } });
}
