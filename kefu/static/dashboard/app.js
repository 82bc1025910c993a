/*
 * The Kefu agent dashboard: sign in, the queue, my conversations, one chat
 * pane, visitor details, transfer and close. Plain JS modules, no build step;
 * this one wires the page and starts, each job lives in its own module.
 *
 * The server is the record: every conversation keeps a message log keyed by
 * seq, and `sync` (after the highest contiguous seq held) runs whenever a
 * conversation appears, after every reconnect, and when a seq jumps. An event
 * can still be lost between the database and this socket, so a connected
 * dashboard also reconciles its listings now and then (see reconcile.js).
 */

import { $, isNearBottom } from "../widget/core/dom.js";
import { closeSelected, dismiss, flushClosing, pick } from "./actions.js";
import { bindAllOpen, refreshAllOpen } from "./all-open.js";
import { setStatus } from "./availability.js";
import { reconnectNow } from "./connection.js";
import { bindCannedManager } from "./canned-ui.js";
import { bindAlerts } from "./alerts.js";
import { bindEarlier } from "./earlier.js";
import { bindHistory } from "./history.js";
import { bindLightbox } from "./lightbox.js";
import { bindLists, renderQueue } from "./lists.js";
import { bindMentionAlerts } from "./mention-alerts.js";
import { bindLogin, showLogin, signOut, start } from "./login.js";
import { applyPageStrings } from "./page-strings.js";
import { bindPending } from "./pending.js";
import { markReadSoon } from "./reading.js";
import { bindReconcile } from "./reconcile.js";
import { bindComposer } from "./replies.js";
import { deselect, openListed, returnFromEarlier, select } from "./selection.js";
import * as Session from "./session.js";
import { state } from "./state.js";
import { bindShortcuts } from "./shortcuts-ui.js";
import { bindThreadPaging } from "./thread-paging.js";
import { bindTransfer, openTransfer } from "./transfer.js";

// Waiting times in the queue stay current.
const QUEUE_AGES_MS = 30000;

function setDetailsOpen(open) {
  $("workspace").classList.toggle("show-details", open);
  $("details-toggle").setAttribute("aria-expanded", open ? "true" : "false");
}

function bind() {
  applyPageStrings();
  bindLists({
    openQueued: (id) => select("queue", id),
    pick,
    openMine: (id) => select("mine", id),
    dismiss,
  });
  bindReconcile();
  bindPending(pick);
  bindAlerts();
  bindHistory((id) => select("history", id));
  bindEarlier(openListed, returnFromEarlier);
  bindLogin();
  bindComposer();
  bindCannedManager();
  bindLightbox();
  bindAllOpen({ open: (id) => select("all", id), reassign: openTransfer });
  bindTransfer(refreshAllOpen);
  bindShortcuts();
  bindMentionAlerts(select);
  bindThreadPaging();
  $("status-online").addEventListener("click", () => setStatus("online"));
  $("status-away").addEventListener("click", () => setStatus("away"));
  $("pick-selected").addEventListener("click", () => {
    if (state.selected && state.selected.kind === "queue") pick(state.selected.id, $("pick-selected"));
  });
  $("close-conv").addEventListener("click", closeSelected);
  $("back").addEventListener("click", deselect);
  $("details-toggle").addEventListener("click", () => {
    setDetailsOpen(!$("workspace").classList.contains("show-details"));
  });
  $("details-close").addEventListener("click", () => setDetailsOpen(false));
  $("messages").addEventListener("scroll", () => {
    if (isNearBottom($("messages"))) markReadSoon();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") markReadSoon();
  });
  window.addEventListener("focus", markReadSoon);
  window.addEventListener("online", reconnectNow);
  window.addEventListener("pagehide", flushClosing);
  setInterval(() => {
    if (Session.current()) renderQueue();
  }, QUEUE_AGES_MS);
}

bind();
Session.onExpired(signOut);
if (Session.restore()) start();
else showLogin();
