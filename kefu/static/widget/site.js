/*
 * What the team's settings say to the widget (GET /api/widget/config, no
 * token): whether anyone can answer now, the forms, the upload and length
 * limits. Asked at start, when the chat opens, and now and then while it is
 * open; an admin's change of looks and texts arrives over the socket. The
 * views that depend on it re-render through onSiteChange.
 */

import { state } from "./state.js";

const REFRESH_MS = 60000;
// The composer waits for the first answer (the pre-chat form may replace it), but not long.
const FETCH_TIMEOUT_MS = 5000;
const listeners = [];
let loading = null;
let timer = null;

/** Call `fn` whenever a new configuration arrived. */
export function onSiteChange(fn) {
  listeners.push(fn);
}

async function fetchConfig(skillGroup) {
  const url = "/api/widget/config" + (skillGroup ? "?skill_group=" + encodeURIComponent(skillGroup) : "");
  const response = await fetch(url, { credentials: "omit", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (response.status === 400 && skillGroup) return fetchConfig(null); // a group that no longer exists
  if (!response.ok) throw new Error("widget config: " + response.status);
  return response.json();
}

/** Ask the server again; an unreachable server leaves what was known (or the defaults). */
export function loadSite() {
  if (loading) return loading;
  loading = (async () => {
    try {
      const site = await fetchConfig(state.config.skill_group);
      if (site && typeof site === "object") {
        state.site = site;
        state.siteAt = Date.now();
        state.siteSettled = true;
        listeners.forEach((fn) => fn(site));
      }
    } catch (err) {
      /* the widget works on its defaults; availability stays unknown */
      if (!state.siteSettled) {
        state.siteSettled = true;
        listeners.forEach((fn) => fn(state.site));
      }
    } finally {
      loading = null;
    }
  })();
  return loading;
}

/** The admin changed the widget's looks or texts (the socket's `site` event): in use at once. */
export function applySitePush(looks) {
  if (!looks || typeof looks !== "object") return;
  state.site = Object.assign({}, state.site || {}, looks);
  listeners.forEach((fn) => fn(state.site));
}

/** Ask again if what is known is older than `maxAgeMs`. */
export function refreshSite(maxAgeMs) {
  if (Date.now() - state.siteAt > maxAgeMs) loadSite();
}

/** While the chat is open, keep availability current (an agent coming online shows). */
export function keepSiteFresh(open) {
  clearInterval(timer);
  timer = null;
  if (!open) return;
  refreshSite(REFRESH_MS / 2);
  timer = setInterval(() => refreshSite(REFRESH_MS - 1000), REFRESH_MS);
}
