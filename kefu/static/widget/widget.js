/*
 * The Kefu widget app: runs inside the iframe the loader adds to a website
 * (or stand-alone when /widget is opened directly). This module starts it
 * and wires the page; each job lives in its own module.
 *
 * Reliability rules (see PROTOCOL.md): every message gets a client_id once and
 * keeps it through every resend; acks turn pending messages into stored ones;
 * the highest contiguous seq is tracked and `sync` fills any hole after each
 * (re)connect or when a seq jumps.
 */

import { onVisitorChanged } from "./auth.js";
import { bindComposer, pendingActions } from "./composer.js";
import { ensureStarted, reconnectNow } from "./connection.js";
import { $, isNearBottom, scrollToBottom } from "./core/dom.js";
import { Outbox } from "./core/outbox.js";
import { renderConversation } from "./header.js";
import { loadHistory } from "./history.js";
import { htmlLang, stringsFor } from "./i18n.js";
import { embedded, hostOrigin, listenToParent, postToParent } from "./parent.js";
import { bindRating, renderRating } from "./rating.js";
import { state } from "./state.js";
import { applyStrings } from "./static-text.js";
import { createView, renderPending } from "./thread.js";
import { stopTyping } from "./typing.js";
import { canRead, markRead, updateUnread } from "./unread.js";
import { isHexColor, sanitizeConfig } from "./visitor-config.js";
import { readStored } from "./visitor-store.js";

function boot() {
  if (embedded && hostOrigin) {
    listenToParent(onParentMessage);
    postToParent({ type: "ready" });
  } else {
    const params = new URLSearchParams(location.search);
    init({
      skill_group: params.get("skill_group") || undefined,
      name: params.get("name") || undefined,
      email: params.get("email") || undefined,
      locale: params.get("locale") || navigator.language,
      page_url: params.get("page_url") || document.referrer || undefined,
    });
  }
}

function onParentMessage(msg) {
  if (msg.type === "config" && !state.config && msg.config && typeof msg.config === "object") {
    init(sanitizeConfig(msg.config));
  } else if (msg.type === "visibility") {
    setPanelOpen(!!msg.open, !!msg.focus);
  }
}

function init(config) {
  state.config = config;
  state.T = stringsFor(config.locale);
  if (isHexColor(config.color)) document.documentElement.style.setProperty("--kw-accent", config.color);
  document.documentElement.lang = htmlLang(config.locale);
  applyStrings();
  $("minimize").hidden = !embedded;
  $("app").classList.toggle("kw--standalone", !embedded);
  state.view = createView(pendingActions);
  bindUi();
  state.outbox = new Outbox("kefu.outbox");
  renderPending();
  renderConversation();
  // A returning visitor connects at once (live replies, unread badge); a new one on first use.
  if (readStored() || config.user_id || state.outbox.entries.length) ensureStarted();
}

/** Another visitor than the one shown (say, the site's user logged in): start from empty. */
function resetConversationState() {
  state.logs = new Map();
  state.convId = null;
  state.conv = null;
  state.seenSeq = 0;
  state.readSent = 0;
  state.agentReadSeq = 0;
  state.historyPage = 0;
  $("log").textContent = "";
  state.view = createView(pendingActions);
  renderPending();
  renderConversation();
  renderRating();
}

/** The loader opened or closed the chat. */
function setPanelOpen(open, focus) {
  state.panelOpen = open;
  if (open) {
    ensureStarted();
    markRead();
    if (focus) $("input").focus();
    scrollToBottom($("scroller"));
  } else {
    stopTyping();
  }
  updateUnread();
}

function bindUi() {
  const scroller = $("scroller");
  const jump = $("jump");
  bindComposer();
  bindRating();
  $("minimize").addEventListener("click", () => postToParent({ type: "close" }));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && embedded) postToParent({ type: "close" });
  });
  $("earlier").addEventListener("click", loadHistory);
  jump.addEventListener("click", () => {
    scrollToBottom(scroller);
    jump.hidden = true;
  });
  scroller.addEventListener("scroll", () => {
    if (isNearBottom(scroller)) jump.hidden = true;
  });
  document.addEventListener("visibilitychange", () => {
    if (canRead()) markRead();
  });
  window.addEventListener("online", reconnectNow);
}

onVisitorChanged(resetConversationState);
boot();
