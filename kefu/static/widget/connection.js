/*
 * The visitor's socket: started on first use (or at once for a returning
 * visitor), reconnected by socket.io, re-authenticated when the server
 * refuses a token. Each (re)connect sends the outbox and syncs.
 */

import { freshToken } from "./auth.js";
import { clearConn, setConn } from "./conn-banner.js";
import { applyConversation, onMessage, syncNow } from "./conversation.js";
import { loadHistory } from "./history.js";
import { announceMessage } from "./page-events.js";
import { flushOutbox } from "./sending.js";
import { applySitePush } from "./site.js";
import { logFor, state } from "./state.js";
import { renderPending } from "./thread.js";
import { setAgentTyping } from "./typing.js";

const MAX_BACKOFF_MS = 30000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Authenticate and connect, once; retried with backoff until the server answers. */
export function ensureStarted() {
  if (state.started) return state.started;
  setConn("connecting");
  const started = (async () => {
    let delay = 1000;
    for (;;) {
      try {
        await freshToken();
        if (state.started !== started) return; // stopped meanwhile (the page switched the visitor)
        connect();
        return;
      } catch (err) {
        if (state.started !== started) return;
        setConn("unavailable");
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_BACKOFF_MS);
      }
    }
  })();
  state.started = started;
  return started;
}

/** Close the socket and forget the start: the next ensureStarted() begins again (for another visitor). */
export function stopSession() {
  const socket = state.socket;
  state.started = null;
  state.socket = null;
  state.everConnected = false;
  state.refusals = 0;
  clearConn();
  if (socket) {
    socket.off(); // none of its events may touch the next visitor's view
    socket.disconnect();
  }
  if (state.outbox) state.outbox.requeueInFlight();
  state.typingOn = false;
  setAgentTyping(false);
}

function offlineOr(kind) {
  return navigator.onLine === false ? "offline" : kind;
}

function connect() {
  const socket = window.io("/visitor", {
    path: "/socket.io",
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 10000,
    auth: (cb) => {
      freshToken().then(
        (token) => cb({ token }),
        () => cb({ token: state.token || "" })
      );
    },
  });
  state.socket = socket;

  socket.on("connect", () => {
    state.refusals = 0;
    state.everConnected = true;
    setConn("ok");
    flushOutbox();
    syncNow();
    if (!state.historyPage) loadHistory();
  });

  socket.on("disconnect", (reason) => {
    state.outbox.requeueInFlight();
    renderPending();
    setAgentTyping(false);
    setConn(offlineOr("reconnecting"));
    if (reason === "io server disconnect") {
      state.token = null;
      setTimeout(() => state.socket === socket && socket.connect(), 1000);
    }
  });

  socket.on("connect_error", () => {
    setConn(state.everConnected ? offlineOr("reconnecting") : "connecting");
    if (!socket.active) {
      // Refused by the server (expired or unknown token): get a new token, then retry.
      state.token = null;
      state.refusals += 1;
      const delay = Math.min(1000 * Math.pow(2, state.refusals - 1), MAX_BACKOFF_MS);
      setTimeout(() => state.socket === socket && socket.connect(), delay);
    }
  });

  socket.on("message", (m) => {
    const known = !!(m && typeof m.conversation_id === "number" && logFor(m.conversation_id).bySeq.has(m.seq));
    onMessage(m);
    if (!known) announceMessage(m);
  });
  socket.on("conversation", applyConversation);
  socket.on("site", applySitePush);
  socket.on("typing", (data) => setAgentTyping(!!(data && data.typing)));
  socket.on("read", (data) => {
    if (!data || typeof data.seq !== "number" || !state.convId) return;
    state.agentReadSeq = Math.max(state.agentReadSeq, data.seq);
    state.view.setReadUpTo(state.convId, state.agentReadSeq);
  });
}

/** Back online: reconnect now rather than at socket.io's next backoff step. */
export function reconnectNow() {
  if (state.socket && !state.socket.connected) state.socket.connect();
}
