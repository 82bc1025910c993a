/*
 * The report's requests, signed with the dashboard's session (sessionStorage,
 * refreshed on a 401 by session.js): the summary as JSON, the export as a
 * file the browser saves. Every answer is {ok, status, data|error}.
 */

import * as Session from "../dashboard/session.js";
import { apiQuery } from "./filters.js";
import { exportFileName } from "./model.js";

const NETWORK = { code: "network", message: "" };

/** GET /api/reports/summary for these filters. */
export async function fetchSummary(filters) {
  const res = await Session.api("GET", "/api/reports/summary?" + apiQuery(filters));
  if (res.ok && res.data) return { ok: true, status: res.status, data: res.data };
  if (res.status === 0) return { ok: false, status: 0, error: NETWORK };
  return { ok: false, status: res.status, error: (res.data && res.data.error) || { code: "http_" + res.status, message: "" } };
}

/** The agent directory (admins only) and the skill groups (admins only): [] when refused. */
export async function fetchDirectory() {
  const [agents, groups] = await Promise.all([
    Session.api("GET", "/api/agents"),
    Session.api("GET", "/api/skill-groups"),
  ]);
  return {
    agents: agents.ok && agents.data ? agents.data.data || [] : [],
    groups: groups.ok && groups.data ? (groups.data.data || []).map((g) => g.name) : [],
  };
}

async function getExport(filters, retried) {
  const headers = { Authorization: "Bearer " + (await Session.accessToken()) };
  const response = await fetch("/api/reports/export.csv?" + apiQuery(filters), { headers });
  if (response.status === 401 && !retried) {
    const renewed = await Session.refresh().catch(() => false);
    if (renewed) return getExport(filters, true);
  }
  return response;
}

/**
 * Download the CSV export: the bearer token cannot ride on a plain link, so
 * fetch it, and hand the blob to a temporary <a download>.
 */
export async function downloadExport(filters) {
  let response;
  try {
    response = await getExport(filters, false);
  } catch (err) {
    return { ok: false, status: 0, error: NETWORK };
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    return { ok: false, status: response.status, error: (body && body.error) || { code: "http_" + response.status, message: "" } };
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = exportFileName(response.headers.get("Content-Disposition"), filters);
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; give the browser a moment before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return { ok: true, status: response.status };
}
