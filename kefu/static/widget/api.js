/*
 * The page's JavaScript API, carried out in the frame: window.Kefu.identify,
 * setAttributes, setLocale, setSkillGroup and reset arrive from the loader
 * (queued there until the frame was ready, then in order). Arguments are
 * checked first (page-api.js); what cannot be done is told to the page as an
 * `error` event (page-events.js). open/close/toggle and on/off live in the loader.
 */

import { forgetVisitor, freshToken, onAuthenticated, onIdentityRefused } from "./auth.js";
import { updateCounter } from "./char-counter.js";
import { relabelConn } from "./conn-banner.js";
import { ensureStarted, stopSession } from "./connection.js";
import { renderConversation } from "./header.js";
import { htmlLang, stringsFor } from "./i18n.js";
import { hideNotice } from "./notice.js";
import { relabelOfflineForm } from "./offline-form.js";
import { checkAttributes, checkIdentify, checkLocale, checkSkillGroup } from "./page-api.js";
import { announceError } from "./page-events.js";
import { renderPanels } from "./panels.js";
import { relabelPrechatForm } from "./prechat-form.js";
import { ProfileUpdates } from "./profile-updates.js";
import { repaintRating } from "./rating.js";
import { loadSite } from "./site.js";
import { state } from "./state.js";
import { applyStrings } from "./static-text.js";
import { renderPending } from "./thread.js";
import { relabelTyping } from "./typing.js";
import { updateUnread } from "./unread.js";
import { redrawThread, resetConversationState } from "./view-state.js";
import { clearStored } from "./visitor-store.js";
import { sendJson } from "./send-json.js";

const IDENTITY = ["user_id", "user_hash", "name", "email"];
const skillBefore = new Map(); // a setSkillGroup body -> the group to return to if it is refused

function patchMe(body, token) {
  return sendJson("PATCH", "/api/visitor/me", body, token);
}

/** Which call a refused PATCH body came from, for the page's error event. */
function methodOf(body) {
  if (body.attributes) return "setAttributes";
  if (body.skill_group) return "setSkillGroup";
  if (body.locale) return "setLocale";
  return "identify";
}

const updates = new ProfileUpdates({
  token: () => state.token,
  send: patchMe,
  refresh: () => {
    state.token = null;
    freshToken().catch(() => {}); // its arrival flushes (onAuthenticated); else the next start does
  },
  refused: (body, error) => {
    if (body.skill_group && state.config.skill_group === body.skill_group) {
      state.config.skill_group = skillBefore.get(body);
      loadSite();
    }
    skillBefore.delete(body);
    announceError(methodOf(body), error);
  },
});

/** Listen to the visitor's auth: send what waits for a token, report a refused identity. */
export function bindPageApi() {
  onAuthenticated((data) => updates.authenticated(data.visitor_id));
  onIdentityRefused((error) => announceError("identify", error));
}

/** Close the socket and empty the chat; the next start authenticates whoever the config names. */
function switchVisitor(dropOutbox) {
  stopSession();
  forgetVisitor();
  state.visitorId = null;
  if (dropOutbox) {
    state.outbox.entries = [];
    state.outbox.save();
  }
  resetConversationState();
  renderPending();
  updateUnread();
}

function identify(user) {
  const { value, error } = checkIdentify(user);
  if (error) return announceError("identify", error);
  const config = state.config;
  const profile = {};
  if (value.name) profile.name = config.name = value.name;
  if (value.email) profile.email = config.email = value.email;
  if (value.user_id && (value.user_id !== config.user_id || value.user_hash !== config.user_hash)) {
    // Pending messages of a visitor who just logged in are theirs; another user's are not.
    const otherUser = !!config.user_id;
    config.user_id = value.user_id;
    config.user_hash = value.user_hash;
    switchVisitor(otherUser);
    ensureStarted(); // an identified user connects at once, as on a page that names one
    return;
  }
  if (Object.keys(profile).length) updates.push(profile); // the visitor's auth carries it otherwise
}

function reset() {
  IDENTITY.forEach((key) => delete state.config[key]);
  clearStored();
  updates.forget();
  switchVisitor(true);
  state.convKnown = true; // a new visitor has no conversation yet
  state.prechatDone = false;
  state.offlineSent = null;
  renderPanels();
  if (state.panelOpen) ensureStarted(); // the open chat starts the new visitor; a closed one waits
}

function setAttributes(attributes) {
  const result = checkAttributes(attributes, updates.attributes);
  if (result.error) announceError("setAttributes", result.error);
  if (result.value) updates.push({ attributes: result.value });
}

/** Every visible string again, in state.T's language. */
function relabel() {
  applyStrings();
  repaintRating();
  relabelOfflineForm();
  relabelPrechatForm();
  hideNotice(); // it spoke the other language
  redrawThread();
  renderConversation();
  renderPanels();
  relabelConn();
  relabelTyping();
  updateCounter();
}

function setLocale(locale) {
  const { value, error } = checkLocale(locale);
  if (error) return announceError("setLocale", error);
  state.config.locale = value;
  state.T = stringsFor(value);
  document.documentElement.lang = htmlLang(value);
  relabel();
  updates.push({ locale: value }); // the agent sees it; emails and transcripts use it
}

function setSkillGroup(name) {
  const { value, error } = checkSkillGroup(name);
  if (error) return announceError("setSkillGroup", error);
  const body = { skill_group: value };
  skillBefore.set(body, state.config.skill_group);
  state.config.skill_group = value;
  updates.push(body); // the next conversation the visitor opens goes to this group
  loadSite().then(() => loadSite()); // whether someone of that group is online (not a load begun before)
}

const HANDLERS = { identify, setAttributes, setLocale, setSkillGroup, reset };

/** Carry out one call of the page's; a handler's own failure is reported, never thrown. */
export function applyCall(method, args) {
  const handler = Object.prototype.hasOwnProperty.call(HANDLERS, method) ? HANDLERS[method] : null;
  if (!handler || !Array.isArray(args)) return;
  try {
    handler(...args);
  } catch (err) {
    announceError(method, { code: "failed", message: String((err && err.message) || err) });
  }
}
