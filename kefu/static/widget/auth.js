/*
 * The visitor's token: resume the stored visitor, else start a new one. A
 * request the server refuses is retried without the part it refused. The
 * page's API (identify, reset) can switch the visitor at any time: an answer
 * for the visitor asked for before the switch is dropped.
 */

import { state } from "./state.js";
import { authBody } from "./visitor-config.js";
import { clearStored, readStored, writeStored } from "./visitor-store.js";
import { sendJson } from "./send-json.js";

const ATTEMPTS = 5;
const REFRESH_MARGIN_MS = 60000;

let authenticating = null;
let generation = 0; // bumped by forgetVisitor: answers to older requests are stale
let visitorChanged = () => {};
const authenticated = [];
const identityRefused = [];

/** Called when the server answers for another visitor than the one shown (say, a new login). */
export function onVisitorChanged(handler) {
  visitorChanged = handler;
}

/** Call `fn(data)` after each successful auth (data: the server's answer). */
export function onAuthenticated(fn) {
  authenticated.push(fn);
}

/** Call `fn(error)` when the server refused the page's user_id/user_hash (the chat goes on anonymous). */
export function onIdentityRefused(fn) {
  identityRefused.push(fn);
}

/** Drop the token and any auth in flight: the next freshToken() asks for whoever the config names now. */
export function forgetVisitor() {
  generation += 1;
  authenticating = null;
  state.token = null;
  state.tokenExpiresAt = 0;
}

function postAuth(body) {
  return sendJson("POST", "/api/visitor/auth", body);
}

function forgetIdentity() {
  state.config.user_id = undefined;
  state.config.user_hash = undefined;
}

/** The token, or null when the visitor was switched (forgetVisitor) while asking. */
async function authenticate(asked) {
  const use = { stored: true, skill: true, profile: true };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const body = authBody(state.config, use.stored ? readStored() : null, use);
    const result = await postAuth(body);
    if (asked !== generation) return null;
    if (result.status === 200 && result.data && result.data.token) {
      const data = result.data;
      if (data.visitor_secret) writeStored(data.visitor_id, data.visitor_secret);
      if (state.visitorId && state.visitorId !== data.visitor_id) visitorChanged();
      state.visitorId = data.visitor_id;
      state.token = data.token;
      state.tokenExpiresAt = Date.now() + (data.expires_in || 3600) * 1000;
      authenticated.forEach((fn) => fn(data));
      return data.token;
    }
    const error = result.data && result.data.error;
    const code = error && error.code;
    if (result.status === 401 && (body.user_id || body.visitor_id)) {
      // Stale or foreign credentials: an identified user falls back to anonymous (the
      // browser's stored visitor, if any: it was not what the server refused).
      if (body.visitor_id) {
        clearStored();
        use.stored = false;
      }
      if (body.user_id) {
        forgetIdentity();
        identityRefused.forEach((fn) => fn(error || { code: "invalid_user_hash", message: "user_hash refused" }));
      }
    } else if (code === "unknown_skill_group") {
      use.skill = false;
    } else if (code === "identity_disabled") {
      forgetIdentity();
      identityRefused.forEach((fn) => fn(error));
    } else if (result.status === 400 && use.profile) {
      // A profile field the server will not take (say, a malformed email): chat without it.
      use.profile = false;
    } else {
      const failure = new Error((error && error.message) || "auth failed");
      failure.status = result.status;
      throw failure;
    }
  }
  throw new Error("Could not authenticate the visitor.");
}

/** A valid visitor token; one auth request at a time, so a new visitor is created once. */
export function freshToken() {
  if (state.token && Date.now() < state.tokenExpiresAt - REFRESH_MARGIN_MS) return Promise.resolve(state.token);
  if (!authenticating) {
    const asked = generation;
    const request = authenticate(asked)
      .then((token) => (token === null ? freshToken() : token))
      .finally(() => {
        if (authenticating === request) authenticating = null;
      });
    authenticating = request;
  }
  return authenticating;
}
