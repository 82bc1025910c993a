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
  site: null, // GET /api/widget/config: availability, forms, upload and length limits
  siteAt: 0,
  siteSettled: false, // the first answer (or failure) came: the composer may show
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
  convKnown: false, // conv is the server's word (a new visitor has none; else after a sync)
  prechatDone: false,
  offlineSent: null, // {name, email} once the offline form was sent in this page
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
  uploads: new Map(), // client_id -> {file, previewUrl, progress, abort}: files still going up
};

export function logFor(conversationId) {
  let log = state.logs.get(conversationId);
  if (!log) {
    log = new ConversationLog(conversationId);
    state.logs.set(conversationId, log);
  }
  return log;
}
