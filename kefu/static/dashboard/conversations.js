/*
 * My conversations, one entry each: created when one is assigned to me,
 * updated by `conversation` and `message` events, kept (as ended) after a
 * close or transfer until I dismiss it.
 */

import { el } from "../widget/core/dom.js";
import { ConversationLog } from "../widget/core/log.js";
import { refreshHistory } from "./history.js";
import { T } from "./i18n.js";
import { openLightbox } from "./lightbox.js";
import { addMessage, renderPendingFor, syncEntry } from "./messages.js";
import { onPendingConversation } from "./pending.js";
import { renderAll } from "./render.js";
import { pendingActions } from "./replies.js";
import { select } from "./selection.js";
import { api } from "./session.js";
import { state } from "./state.js";
import { ThreadView, viewLabels } from "./thread-view.js";
import { pendingFile } from "./uploads.js";

function newEntry(conv) {
  const entry = {
    id: conv.id,
    conv,
    log: new ConversationLog(conv.id),
    container: el("div", "thread"),
    view: null,
    seenSeq: conv.agent_read_seq || 0, // read here (drives the unread count)
    readSent: conv.agent_read_seq || 0, // told to the server
    visitorTyping: false,
    typingTimer: null,
    ended: null, // null | "closed" | "transferred"
    draft: "",
    scrollTop: null,
    syncing: false,
    syncAgain: false,
    lastActivity: Date.parse(conv.assigned_at || conv.created_at) || Date.now(),
  };
  entry.view = new ThreadView(entry.container, Object.assign({
    isMine: (m) => m.sender.type === "agent",
    labels: viewLabels({ newConversation: T.earlierConversation }),
    onOpenImage: openLightbox,
    pendingFile,
  }, pendingActions(entry)));
  entry.view.setReadUpTo(conv.id, conv.visitor_read_seq || 0);
  state.convs.set(conv.id, entry);
  renderPendingFor(entry);
  return entry;
}

/** Add or refresh one of my open conversations. */
export function upsertMine(conv) {
  let entry = state.convs.get(conv.id);
  if (!entry) {
    entry = newEntry(conv);
  } else {
    entry.conv = conv;
    entry.ended = null;
  }
  entry.readSent = Math.max(entry.readSent, conv.agent_read_seq || 0);
  entry.seenSeq = Math.max(entry.seenSeq, entry.readSent);
  entry.view.setReadUpTo(conv.id, conv.visitor_read_seq || 0);
  if (conv.skill_group) state.skillGroups.add(conv.skill_group);
  return entry;
}

function isMine(conv) {
  return conv.status === "open" && conv.agent && state.me && conv.agent.id === state.me.id;
}

/** Replies still pending in a conversation I can no longer write to will not go out. */
function failPendingFor(conversationId, message) {
  let changed = false;
  state.outbox.entries.forEach((item) => {
    if (item.conversation_id === conversationId && item.state !== "failed") {
      item.state = "failed";
      item.error = { code: "conversation_closed", message };
      changed = true;
    }
  });
  if (changed) {
    state.outbox.save();
    const entry = state.convs.get(conversationId);
    if (entry) renderPendingFor(entry);
  }
}

/** A conversation changed (assigned, transferred, closed, rated…): here or in an ack. */
export function onConversationEvent(conv) {
  if (!conv || typeof conv.id !== "number") return;
  state.listingEvents += 1;
  onPendingConversation(conv);
  if (conv.status === "closed") refreshHistory();
  let entry = state.convs.get(conv.id);
  if (isMine(conv)) {
    const fresh = !entry || !!entry.ended;
    entry = upsertMine(conv);
    if (fresh) entry.lastActivity = Date.now();
    syncEntry(entry);
    // With room for both panes, an idle agent sees a new conversation at once.
    if (fresh && !state.selected && window.matchMedia("(min-width: 800px)").matches) select("mine", conv.id);
  } else if (entry) {
    entry.conv = conv;
    entry.ended = conv.status === "closed" ? "closed" : "transferred";
    entry.visitorTyping = false;
    if (conv.status === "closed") syncEntry(entry);
    failPendingFor(entry.id, conv.status === "closed" ? T.pendingClosed : T.pendingTransferred);
  }
  if (conv.status !== "queued") {
    const before = state.queue.length;
    state.queue = state.queue.filter((c) => c.id !== conv.id);
    if (state.queue.length !== before) state.queueWaiting = Math.max(0, state.queueWaiting - 1);
  }
  if (state.preview && state.preview.id === conv.id) {
    state.preview.conv = conv;
    if (isMine(conv)) select("mine", conv.id);
  }
  renderAll();
}

/** A `message` event; one of a conversation not held yet fetches that conversation first. */
export async function onMessageEvent(m) {
  if (!m || typeof m.conversation_id !== "number") return;
  let entry = state.convs.get(m.conversation_id);
  if (!entry) {
    const res = await api("GET", "/api/conversations/" + m.conversation_id);
    if (!res.ok) return;
    onConversationEvent(res.data);
    entry = state.convs.get(m.conversation_id);
    if (!entry) return;
  }
  if (m.sender.type === "agent" && m.client_id && state.outbox.remove(m.client_id)) renderPendingFor(entry);
  addMessage(entry, m);
  if (entry.log.hasGap()) syncEntry(entry);
}

/** The visitor read up to `seq`: my replies show as seen. */
export function onReadEvent(data) {
  const entry = data && state.convs.get(data.conversation_id);
  if (!entry || typeof data.seq !== "number") return;
  entry.view.setReadUpTo(entry.id, data.seq);
}
