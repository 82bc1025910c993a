/*
 * The agent's session: tokens kept in sessionStorage (per tab, gone with it),
 * the access token refreshed a minute before it expires or after any 401, and
 * the REST client that uses it.
 */

import { T } from "./i18n.js";
import { jwtPayload } from "./jwt.js";

const SESSION_KEY = "kefu.agent.session";
const REFRESH_MARGIN_MS = 60000;

let session = null; // {access_token, refresh_token, agent}
let refreshTimer = null;
let refreshing = null;
let expiredHandler = () => {};

/** The signed-in session, or null. */
export function current() {
  return session;
}

/** Pick up the session this tab already had (a reload); true when there is one. */
export function restore() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
    if (saved && saved.access_token && saved.refresh_token) {
      session = saved;
      scheduleRefresh();
      return true;
    }
  } catch (err) {
    /* corrupt: sign in again */
  }
  return false;
}

function save() {
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  } catch (err) {
    /* private mode: the session lives as long as the page */
  }
}

/** Called with a message when the session cannot be renewed any more. */
export function onExpired(handler) {
  expiredHandler = handler;
}

/** Exchange email and password for tokens. Resolves {ok, error}. */
export async function login(email, password) {
  let response;
  try {
    response = await fetch("/api/agent/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
  } catch (err) {
    return { ok: false, error: T.loginUnreachable };
  }
  const data = await response.json().catch(() => null);
  if (!response.ok || !data || !data.access_token) {
    return { ok: false, error: (data && data.error && data.error.message) || T.loginFailed };
  }
  session = { access_token: data.access_token, refresh_token: data.refresh_token, agent: data.agent };
  save();
  scheduleRefresh();
  return { ok: true };
}

/** Keep the latest agent object with the session (shown at once after a reload). */
export function rememberAgent(agent) {
  if (!session) return;
  session.agent = agent;
  save();
}

/** Forget the tokens (sign out, or the session expired). */
export function end() {
  clearTimeout(refreshTimer);
  session = null;
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch (err) {
    /* ignore */
  }
}

function tokenExpiresAt(token) {
  const exp = jwtPayload(token).exp;
  return exp ? exp * 1000 : Date.now() + 15 * 60000;
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (!session) return;
  const delay = Math.max(5000, tokenExpiresAt(session.access_token) - Date.now() - REFRESH_MARGIN_MS);
  refreshTimer = setTimeout(() => {
    refresh().catch(() => scheduleRefresh());
  }, Math.min(delay, 2147483000));
}

/**
 * Get a new access token with the refresh token (one request at a time).
 * Resolves true when renewed, false when the session is over; rejects on network trouble.
 */
export function refresh() {
  if (refreshing) return refreshing;
  if (!session) return Promise.resolve(false);
  const refreshToken = session.refresh_token;
  refreshing = fetch("/api/agent/refresh", {
    method: "POST",
    headers: { Authorization: "Bearer " + refreshToken },
  })
    .then(async (response) => {
      if (response.status === 401 || response.status === 403 || response.status === 404) {
        const refused = await response.json().catch(() => null);
        end();
        expiredHandler(endedText(refused && refused.error));
        return false;
      }
      if (!response.ok) throw new Error("refresh failed: " + response.status);
      const body = await response.json();
      if (!session || session.refresh_token !== refreshToken) return false;
      session.access_token = body.access_token;
      save();
      scheduleRefresh();
      return true;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** Why the session is over, for the sign-in page: revoked (signed out elsewhere, a new
 * password, a deactivated account) or simply expired. */
export function endedText(error) {
  if (error && error.code === "token_revoked") {
    return T.sessionRevoked;
  }
  return T.sessionExpired;
}

/** An access token good for at least 30 more seconds (refreshed first if needed). */
export async function accessToken() {
  if (session && tokenExpiresAt(session.access_token) - Date.now() < 30000) {
    try {
      await refresh();
    } catch (err) {
      /* network trouble: try with what we have */
    }
  }
  return session ? session.access_token : "";
}

/** Call the REST API as the agent; refresh once on 401. Resolves {ok, status, data}. */
export async function api(method, path, body, retried) {
  if (!session) return { ok: false, status: 401, data: null };
  const headers = { Authorization: "Bearer " + (await accessToken()) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    return { ok: false, status: 0, data: { error: { code: "network", message: T.networkError } } };
  }
  if (response.status === 401 && !retried) {
    const renewed = await refresh().catch(() => false);
    if (renewed) return api(method, path, body, true);
  }
  const data = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, data };
}
