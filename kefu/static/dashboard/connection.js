/*
 * The agent's socket: connects with the access token (refreshed when the
 * server refuses it), keeps the chosen availability across reconnects, and
 * on every connect reads the listings, sends the outbox and the reads.
 */

import { emitAck } from "../widget/core/ack.js";
import { onAgentEvent, setMe } from "./agents.js";
import { loadAllOpen, onAllOpenConversation, onWatchedMessage, setWorkspace } from "./all-open.js";
import { becameMine, needsAttention } from "./alert-rules.js";
import { alert, viewNow } from "./alerts.js";
import { onConversationEvent, onMessageEvent, onReadEvent } from "./conversations.js";
import { T } from "./i18n.js";
import { visitorName } from "./labels.js";
import { onMentionEvent } from "./mention-alerts.js";
import { loadPending } from "./pending.js";
import { onQueueEvent } from "./queue.js";
import { sendReads } from "./reading.js";
import { loadMine, loadQueue, scheduleReconcile } from "./reconcile.js";
import { renderAll } from "./render.js";
import { flushOutbox } from "./replies.js";
import * as Session from "./session.js";
import { state } from "./state.js";
import { setConn } from "./topbar.js";
import { onTypingEvent } from "./typing.js";

const MAX_BACKOFF_MS = 15000;

let refusals = 0;
let everConnected = false;

function reconnectLater(delay) {
  setTimeout(() => {
    if (state.socket) state.socket.connect();
  }, delay);
}

export function connect() {
  everConnected = false;
  refusals = 0;
  const socket = window.io("/agent", {
    path: "/socket.io",
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 10000,
    auth: (cb) => {
      Session.accessToken().then((token) => {
        // Reconnecting during a break stays away: no chat is routed in between.
        cb({ token, status: state.desiredStatus });
      });
    },
  });
  state.socket = socket;

  socket.on("connect", onConnect);
  socket.on("disconnect", (reason) => {
    state.outbox.requeueInFlight();
    setConn(navigator.onLine === false ? "offline" : "reconnecting");
    state.convs.forEach((entry) => {
      entry.visitorTyping = false;
    });
    renderAll();
    if (reason === "io server disconnect") reconnectLater(1000);
  });
  socket.on("connect_error", () => {
    setConn(everConnected ? "reconnecting" : "connecting");
    if (state.socket && !state.socket.active) {
      // Refused by the server: most likely an expired access token.
      refusals += 1;
      const delay = Math.min(500 * Math.pow(2, refusals - 1), MAX_BACKOFF_MS);
      Session.refresh().then(
        (ok) => {
          if (ok && state.socket) reconnectLater(delay);
        },
        () => reconnectLater(delay)
      );
    }
  });

  socket.on("conversation", (conv) => {
    const before = conv && state.convs.get(conv.id);
    const wasEnded = before ? before.ended : null;
    onConversationEvent(conv);
    onAllOpenConversation(conv);
    if (becameMine(conv, before && { ended: wasEnded }, state.me && state.me.id)) {
      const entry = state.convs.get(conv.id);
      if (entry) entry.alertedThrough = conv.last_seq;
      alert(T.alertNewConversation(visitorName(conv)), "", "kefu-conversation-" + conv.id);
    }
  });
  socket.on("message", async (m) => {
    if (onWatchedMessage(m)) return; // a colleague's chat shown read-only (All open)
    await onMessageEvent(m);
    const entry = m && state.convs.get(m.conversation_id);
    const selected = state.selected && state.selected.kind === "mine" ? state.selected.id : null;
    if (needsAttention(m, entry, viewNow(selected))) {
      alert(T.alertNewMessage(visitorName(entry.conv)), m.content || "", "kefu-conversation-" + entry.id);
    }
  });
  socket.on("queue", onQueueEvent);
  socket.on("typing", onTypingEvent);
  socket.on("read", onReadEvent);
  socket.on("mention", onMentionEvent); // a colleague's note @mentions me
  socket.on("agent", onAgentEvent);
  socket.on("workspace", setWorkspace);
}

async function onConnect() {
  refusals = 0;
  everConnected = true;
  setConn("ok");
  if (state.desiredStatus === "away") {
    // Connecting makes an agent online; keep the away they chose.
    const ack = await emitAck(state.socket, "status", { status: "away" }, 10000);
    if (ack.ok) setMe(ack.agent);
  }
  await Promise.all([loadMine(), loadQueue(), loadPending(), loadAllOpen()]);
  flushOutbox();
  sendReads();
  scheduleReconcile();
}

/** Sign-out: no more events, no reconnects. */
export function disconnect() {
  const socket = state.socket;
  if (!socket) return;
  state.socket = null;
  socket.removeAllListeners();
  socket.disconnect();
}

/** Back online: reconnect now rather than at socket.io's next backoff step. */
export function reconnectNow() {
  if (state.socket && !state.socket.connected) state.socket.connect();
}
