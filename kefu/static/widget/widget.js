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

import { applyCall, bindPageApi } from "./api.js";
import { applyUploadRules, bindAttach } from "./attach-input.js";
import { onVisitorChanged } from "./auth.js";
import { updateCounter } from "./char-counter.js";
import { bindComposer } from "./composer.js";
import { ensureStarted, reconnectNow } from "./connection.js";
import { onConversationChange } from "./conversation.js";
import { $, isNearBottom, scrollToBottom } from "./core/dom.js";
import { Outbox } from "./core/outbox.js";
import { bindEmoji } from "./emoji-picker.js";
import { renderConversation } from "./header.js";
import { loadHistory } from "./history.js";
import { htmlLang, stringsFor } from "./i18n.js";
import { bindLightbox } from "./lightbox.js";
import { bindNotice } from "./notice.js";
import { bindOfflineForm, onOfflineSent } from "./offline-form.js";
import { callList } from "./page-api.js";
import { focusChat, renderPanels } from "./panels.js";
import { embedded, hostOrigin, listenToParent, postToParent } from "./parent.js";
import { bindPrechatForm, onPrechatDone } from "./prechat-form.js";
import { bindRating } from "./rating.js";
import { keepSiteFresh, loadSite, onSiteChange } from "./site.js";
import { state } from "./state.js";
import { applyStrings } from "./static-text.js";
import { createView, renderPending, watchPending } from "./thread.js";
import { stopTyping } from "./typing.js";
import { canRead, markRead, updateUnread } from "./unread.js";
import { forgetUploads } from "./uploads.js";
import { resetConversationState, viewHooks } from "./view-state.js";
import { effectiveLooks, sanitizeConfig } from "./visitor-config.js";
import { readPrechatDone, readStored } from "./visitor-store.js";

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
    // The page's calls made before this frame was ready come with the config, so that they
    // apply before the first connection (identify, reset or setLocale need no second start).
    init(sanitizeConfig(msg.config), callList(msg.calls));
  } else if (msg.type === "api" && state.config && typeof msg.method === "string") {
    applyCall(msg.method, msg.args);
  } else if (msg.type === "visibility") {
    setPanelOpen(!!msg.open, !!msg.focus);
  }
}

function init(config, calls) {
  state.config = config;
  state.T = stringsFor(config.locale);
  applyLooks();
  document.documentElement.lang = htmlLang(config.locale);
  applyStrings();
  $("minimize").hidden = !embedded;
  $("app").classList.toggle("kw--standalone", !embedded);
  state.view = createView(viewHooks);
  bindUi();
  state.outbox = new Outbox("kefu.outbox");
  // A new visitor has no conversation yet; a returning one learns theirs from the first sync.
  state.convKnown = !readStored() && !config.user_id;
  state.prechatDone = readPrechatDone();
  renderPending();
  renderConversation();
  applyUploadRules();
  renderPanels();
  onConversationChange(renderPanels);
  onOfflineSent(renderPanels);
  onPrechatDone(renderPanels);
  onSiteChange(() => {
    applyLooks();
    applyUploadRules();
    updateCounter();
    renderConversation();
    renderPanels();
  });
  (calls || []).forEach(([method, args]) => applyCall(method, args));
  loadSite();
  if (state.panelOpen) keepSiteFresh(true);
  // A returning visitor connects at once (live replies, unread badge); a new one on first use.
  if (readStored() || config.user_id || state.outbox.entries.length) ensureStarted();
}

/** The accent colour here, and colour and side to the launcher on the host page. */
function applyLooks() {
  const looks = effectiveLooks(state.config, state.site);
  document.documentElement.style.setProperty("--kw-accent", looks.color);
  postToParent({ type: "look", color: looks.color, position: looks.position });
}

/** The loader opened or closed the chat. */
function setPanelOpen(open, focus) {
  state.panelOpen = open;
  keepSiteFresh(open);
  if (open) {
    ensureStarted();
    markRead();
    if (focus) focusChat();
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
  bindAttach();
  bindEmoji();
  bindLightbox();
  bindNotice();
  bindOfflineForm();
  bindPrechatForm();
  bindRating();
  watchPending(forgetUploads);
  $("minimize").addEventListener("click", () => postToParent({ type: "close" }));
  document.addEventListener("keydown", (event) => {
    // A picker or the image viewer takes its own Escape (and prevents it).
    if (event.key === "Escape" && embedded && !event.defaultPrevented) postToParent({ type: "close" });
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
bindPageApi();
boot();
