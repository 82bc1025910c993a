/* Signing in and out, and starting the inbox for a signed-in agent. */

import { $ } from "../widget/core/dom.js";
import { forgetClosing } from "./actions.js";
import { loadDirectory } from "./agents.js";
import { clearAllOpen, loadAllOpen } from "./all-open.js";
import { armAlerts } from "./alerts.js";
import { loadCanned } from "./canned-ui.js";
import { setFaviconCount } from "./favicon.js";
import { clearEarlier } from "./earlier.js";
import { clearHistory } from "./history.js";
import { T } from "./i18n.js";
import { clearPending } from "./pending.js";
import { loadUploadRules } from "./uploads.js";
import { restoreStatus } from "./availability.js";
import { connect, disconnect } from "./connection.js";
import { stopReconcile } from "./reconcile.js";
import { renderAll } from "./render.js";
import * as Session from "./session.js";
import { state } from "./state.js";
import { renderMe } from "./topbar.js";

export function showLogin(info) {
  $("app-view").hidden = true;
  $("login-view").hidden = false;
  $("login-info").textContent = info || "";
  $("login-error").textContent = "";
  document.title = T.signInTab;
  setFaviconCount(0);
  const email = $("login-email");
  if (!email.value) email.focus();
  else $("login-password").focus();
}

async function onLoginSubmit(event) {
  event.preventDefault();
  const email = $("login-email").value.trim();
  const password = $("login-password").value;
  const error = $("login-error");
  error.textContent = "";
  if (!email || !password) {
    error.textContent = T.loginMissing;
    return;
  }
  const button = $("login-submit");
  button.disabled = true;
  button.textContent = T.signingIn;
  const result = await Session.login(email, password);
  button.disabled = false;
  button.textContent = T.signIn;
  if (!result.ok) {
    error.textContent = result.error;
    $("login-password").select();
    return;
  }
  $("login-password").value = "";
  start();
}

/** Open the inbox for the session's agent and connect. */
export function start() {
  state.me = Session.current().agent;
  restoreStatus();
  $("login-view").hidden = true;
  $("app-view").hidden = false;
  renderMe();
  renderAll();
  Session.api("GET", "/api/me").then((res) => {
    if (res.ok && res.data) {
      state.me = res.data;
      Session.rememberAgent(state.me);
      renderMe();
      loadDirectory();
      loadAllOpen(); // the role is known for sure now
    }
  });
  loadCanned();
  loadUploadRules();
  connect();
}

/** Forget the session and everything it showed; `info` says why on the sign-in form. */
export function signOut(info) {
  forgetClosing();
  Session.end();
  stopReconcile();
  disconnect();
  state.me = null;
  state.convs.clear();
  state.queue = [];
  state.queueWaiting = 0;
  state.queuePreviews.clear();
  clearPending();
  clearHistory();
  clearEarlier();
  clearAllOpen();
  state.agents.clear();
  state.skillGroups.clear();
  state.selected = null;
  state.preview = null;
  state.outbox.entries = [];
  state.outbox.save();
  $("messages").textContent = "";
  showLogin(info);
}

export function bindLogin() {
  $("login-form").addEventListener("submit", (event) => {
    armAlerts(); // the sign-in click is the gesture that lets the page make sound
    onLoginSubmit(event);
  });
  $("logout").addEventListener("click", () => signOut(T.signedOut));
}
