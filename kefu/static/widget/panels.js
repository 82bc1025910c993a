/*
 * Which card the chat shows above (or instead of) the composer: the greeting,
 * the offline form, its thanks, or the pre-chat form (forms.js decides); and
 * where focus goes when the chat opens.
 */

import { $ } from "./core/dom.js";
import { panelFor } from "./forms.js";
import { renderOfflineForm, renderOfflineThanks } from "./offline-form.js";
import { renderPrechatForm } from "./prechat-form.js";
import { state } from "./state.js";

let shown = null; // the card on screen
let wantFocus = false; // the chat was opened to type in, before its composer could show

export function renderPanels() {
  const panel = panelFor({
    site: state.site,
    config: state.config,
    conv: state.conv,
    convKnown: state.convKnown,
    prechatDone: state.prechatDone,
    offlineSent: !!state.offlineSent,
  });
  const offline = panel === "offline" || panel === "thanks";
  const card = $("offline");
  const arriving = offline && card.hidden;
  placeOfflineCard(card, panel);
  card.hidden = !offline;
  $("offline-form").hidden = panel !== "offline";
  // Once sent, the thanks alone: the invitation to write is answered.
  $("offline-title").hidden = panel === "thanks";
  $("offline-text").hidden = panel === "thanks";
  $("offline-thanks").hidden = panel !== "thanks";
  if (panel === "offline") renderOfflineForm();
  if (panel === "thanks") renderOfflineThanks();
  $("prechat").hidden = panel !== "prechat";
  if (panel === "prechat") renderPrechatForm();
  // The pre-chat questions come first: the composer waits for them, and for the team's
  // settings that say whether there are any. (It arrives hidden, so nothing is typed,
  // attached or dropped before the widget listens.)
  $("composer").hidden = panel === "prechat" || !state.siteSettled;
  const welcomeText = state.site && (state.site.welcome_message || "").trim();
  $("welcome-text").textContent = welcomeText || state.T.welcomeText;
  const hasMessages = !!$("log").querySelector(".kf-msg");
  $("welcome").hidden = !!panel || hasMessages;
  // The form took the composer's place: its first question takes the focus the composer had.
  const lostFocus = document.activeElement === document.body || document.activeElement === $("input");
  const replaced = panel === "prechat" && shown !== "prechat" && state.panelOpen && lostFocus;
  shown = panel;
  if (replaced) wantFocus = true;
  if (wantFocus && state.panelOpen) focusChat();
  if (arriving && !card.hidden && card.previousElementSibling === $("log")) showAfterLastMessage();
}

/** Before the thread while there is no conversation; after the visitor's messages when it
 * answers them: the offer while they wait in line, the thanks for the message left. */
function placeOfflineCard(card, panel) {
  const answering = panel === "thanks" || (!!state.conv && state.conv.status === "queued");
  const before = answering ? $("typing") : $("prechat");
  if (card.nextElementSibling !== before) card.parentNode.insertBefore(card, before);
}

/** The offer came below the visitor's message, and may be taller than the thread: scroll so
 * that message leads, and the offer reads as the answer to it. */
function showAfterLastMessage() {
  const scroller = $("scroller");
  const messages = $("log").querySelectorAll(".kf-msg");
  const lead = messages[messages.length - 1] || $("offline");
  scroller.scrollTop += lead.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
}

function focusTarget() {
  if (shown === "prechat") return $("prechat-fields").querySelector("input, select, textarea");
  return $("composer").hidden ? null : $("input");
}

/** Focus where the visitor starts: the composer, or the first pre-chat question; if neither
 * shows yet, as soon as one does. */
export function focusChat() {
  const target = focusTarget();
  wantFocus = !target;
  if (target) target.focus();
}
