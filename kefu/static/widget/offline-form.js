/*
 * The offline form: nobody can answer now, so the visitor leaves a name, an
 * email and a message (POST /api/visitor/offline-message); the team answers
 * by email, or in the chat once someone picks the conversation up.
 */

import { freshToken } from "./auth.js";
import { ensureStarted } from "./connection.js";
import { applyConversation } from "./conversation.js";
import { counterState, messageLimit } from "./core/counter.js";
import { $ } from "./core/dom.js";
import { uuid } from "./core/uuid.js";
import { buildFields, checkFields } from "./form-fields.js";
import { errorText } from "./i18n.js";
import { state } from "./state.js";
import { sendJson } from "./send-json.js";

let fields = null;
// One submission keeps its client_id through retries: the server stores it once.
let clientId = uuid();
let onSent = () => {};

/** Called once the message was left (the panels change to the thanks). */
export function onOfflineSent(fn) {
  onSent = fn;
}

function offlineFields(T) {
  return [
    { name: "name", label: T.formName, type: "text", required: true },
    { name: "email", label: T.formEmail, type: "email", required: true },
    { name: "content", label: T.formMessage, type: "textarea", required: true },
  ];
}

/** Show the form (built once) with the title and text for the hour: away, or closed. */
export function renderOfflineForm() {
  const T = state.T;
  const site = state.site || {};
  const afterHours = site.within_hours === false;
  $("offline-title").textContent = afterHours ? T.afterHoursTitle : T.offlineTitle;
  $("offline-text").textContent = (site.offline_message || "").trim() || (afterHours ? T.afterHoursText : T.offlineText);
  if (!fields) {
    fields = offlineFields(T);
    buildFields($("offline-fields"), fields, T, "offline", { name: state.config.name, email: state.config.email });
    $("offline-submit").textContent = T.offlineSubmit;
  }
}

/** The language changed: build the fields again when next shown (what was typed stays). */
export function relabelOfflineForm() {
  fields = null;
}

async function post(body) {
  return sendJson("POST", "/api/visitor/offline-message", body, await freshToken());
}

async function submit() {
  const T = state.T;
  const error = $("offline-error");
  error.textContent = "";
  const values = checkFields($("offline-fields"), fields, T);
  if (!values) return;
  const length = counterState(values.content, messageLimit(state.site));
  if (length.over) {
    error.textContent = T.tooLong(-length.remaining, length.limit);
    $("offline-content").focus();
    return;
  }
  const button = $("offline-submit");
  button.disabled = true;
  try {
    const result = await post({ name: values.name, email: values.email, content: values.content, client_id: clientId });
    if (result.status === 201 && result.data && result.data.conversation) {
      clientId = uuid();
      state.config.name = values.name;
      state.config.email = values.email;
      state.offlineSent = { name: values.name, email: values.email };
      $("offline-content").value = "";
      applyConversation(result.data.conversation);
      onSent();
      $("offline-thanks").focus();
      ensureStarted(); // the message shows in the thread, and a reply comes live if the visitor stays
      return;
    }
    error.textContent = errorText(result.data && result.data.error, T) || T.formFailed;
  } catch (err) {
    error.textContent = T.formFailed;
  } finally {
    button.disabled = false;
  }
}

/** The thanks shown in place of the form once the message was left. */
export function renderOfflineThanks() {
  const sent = state.offlineSent;
  $("offline-thanks").textContent = sent ? state.T.offlineThanks(sent.name, sent.email) : "";
}

export function bindOfflineForm() {
  $("offline-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
}
