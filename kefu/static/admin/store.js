/*
 * The console's data from the REST API (through the dashboard's session client, which adds
 * the token and renews it): the settings, shared by the sections that edit parts of them.
 */

import * as Session from "../dashboard/session.js";

export const api = Session.api;

let settings = null;
let loading = null;

/** The settings in force (fetched once; `fresh` fetches again). Resolves {ok, data, …}. */
export function loadSettings(fresh) {
  if (settings && !fresh) return Promise.resolve({ ok: true, status: 200, data: settings });
  if (!loading) {
    loading = api("GET", "/api/settings").then((res) => {
      loading = null;
      if (res.ok) settings = res.data;
      return res;
    });
  }
  return loading;
}

/** Apply a PATCH to the settings; on success the result becomes what everyone reads. */
export async function patchSettings(patch) {
  const res = await api("PATCH", "/api/settings", patch);
  if (res.ok) settings = res.data;
  return res;
}

/** The settings as last read or saved (null before the first load). */
export function currentSettings() {
  return settings;
}
