/*
 * What the widget knows, shared by its modules. Only plain data and the
 * message logs live here; each module changes the fields of its own job.
 */

import { ConversationLog } from "./core/log.js";
import { STRINGS } from "./i18n.js";
import { embedded } from "./parent.js";

export const state = {
  T: STRINGS.en, // the visitor's strings, chosen at init
  config: null,
  started: null, // the promise of authenticate + connect
  token: null,
  tokenExpiresAt: 0,
  visitorId: null,
  socket: null,
  everConnected: false,
  refusals: 0,
  outbox: null,
  view: null, // the MessageListView of #log
  convId: null,
  conv: null,
  logs: new Map(),
  agentReadSeq: 0,
  seenSeq: 0, // read here: drives the unread badge
  readSent: 0, // told to the server
  panelOpen: !embedded, // stand-alone, the chat is the whole page
  unreadPosted: -1,
  syncing: false,
  syncAgain: false,
  historyPage: 0,
  historyTotal: 0,
  typingSent: 0,
  typingOn: false,
  typingIdle: null,
  agentTypingTimer: null,
  ratingScore: 0,
  connTimer: null,
};

export function logFor(conversationId) {
  let log = state.logs.get(conversationId);
  if (!log) {
    log = new ConversationLog(conversationId);
    state.logs.set(conversationId, log);
  }
  return log;
}
