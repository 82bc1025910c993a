/*
 * The pre-chat form (when the team turned it on): a few questions before the
 * first message. Name and email go into the visitor's profile through visitor
 * auth, as the page's data-name and data-email would; a topic sets the skill
 * group; other answers become attributes the agent sees.
 */

import { freshToken } from "./auth.js";
import { $ } from "./core/dom.js";
import { buildFields, checkFields } from "./form-fields.js";
import { prechatFields, splitAnswers } from "./forms.js";
import { loadSite } from "./site.js";
import { state } from "./state.js";
import { writePrechatDone } from "./visitor-store.js";

let fields = [];
let builtFor = "";
let onDone = () => {};

/** Called once the answers were taken (the chat opens). */
export function onPrechatDone(fn) {
  onDone = fn;
}

/** Show the team's questions in the visitor's language (rebuilt only when they change). */
export function renderPrechatForm() {
  const T = state.T;
  fields = prechatFields(state.site, state.config, T, state.config.locale);
  $("prechat-title").textContent = T.prechatTitle;
  $("prechat-text").textContent = T.prechatText;
  $("prechat-submit").textContent = T.prechatSubmit;
  const key = JSON.stringify(fields);
  if (key === builtFor) return;
  builtFor = key;
  buildFields($("prechat-fields"), fields, T, "prechat", { name: state.config.name, email: state.config.email });
}

/** The language changed: build the fields again (what was typed stays). */
export function relabelPrechatForm() {
  builtFor = "";
}

async function saveAttributes(attributes) {
  if (!Object.keys(attributes).length) return true;
  const token = await freshToken();
  const response = await fetch("/api/visitor/me", {
    method: "PATCH",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
    body: JSON.stringify({ attributes }),
    credentials: "omit",
  });
  return response.ok;
}

async function submit() {
  const T = state.T;
  const error = $("prechat-error");
  error.textContent = "";
  const values = checkFields($("prechat-fields"), fields, T);
  if (!values) return;
  const { profile, attributes } = splitAnswers(values);
  const button = $("prechat-submit");
  button.disabled = true;
  try {
    Object.assign(state.config, profile);
    // A new auth carries the profile (and the skill group) to the server, for this visitor.
    state.token = null;
    await freshToken();
    await saveAttributes(attributes);
    state.prechatDone = true;
    writePrechatDone();
    if (profile.skill_group) loadSite(); // whether that group has someone online
    onDone();
    $("input").focus();
  } catch (err) {
    error.textContent = T.formFailed;
  } finally {
    button.disabled = false;
  }
}

export function bindPrechatForm() {
  $("prechat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
}
