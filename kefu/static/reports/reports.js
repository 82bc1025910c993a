/*
 * The reports page (/reports) for supervisors and admins: filters kept in the
 * URL, the summary's figures with their definitions, charts, the per-agent
 * table, the hour × weekday heatmap and the CSV export. It signs in through
 * the dashboard's session (sessionStorage): no session sends the viewer to
 * /dashboard to sign in, an agent gets a refusal. The API enforces the roles;
 * this page only spares a refused request.
 */

import { $ } from "../widget/core/dom.js";
import { initials } from "../widget/core/format.js";
import { LOCALE, languageOf } from "../dashboard/i18n.js";
import { renderNav } from "../dashboard/nav.js";
import * as Session from "../dashboard/session.js";
import { downloadExport, fetchDirectory, fetchSummary } from "./api.js";
import { clearCharts, drawConversations, drawCsat, drawFirstResponse, drawWaiting } from "./charts.js";
import { dayCount, filtersFromSearch, searchFromFilters, todayIn } from "./filters.js";
import { bindFilters, renderFilters } from "./filters-view.js";
import { formatDayRange, intlLocale } from "./format.js";
import { stringsFor } from "./i18n.js";
import { isEmpty, mergeAgents } from "./model.js";
import { applyStrings, bindAgentSort, renderAgents, renderCards, renderHeatmap } from "./view.js";

const language = languageOf(LOCALE);
const T = stringsFor(language);
const locale = intlLocale(language, LOCALE);
const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

const knownAgents = new Map(); // id → name: the filter's choices
let groups = [];
let filters = null;
let loadCount = 0;

function goToSignIn() {
  window.location.replace("/dashboard");
}

function roleName(role) {
  return { agent: T.roleAgent, supervisor: T.roleSupervisor, admin: T.roleAdmin }[role] || role;
}

function renderMe(me) {
  $("me").hidden = false;
  $("me-name").textContent = me.name;
  $("me-role").textContent = roleName(me.role);
  $("me-avatar").textContent = initials(me.name);
  renderNav($("topnav"), me.role, "reports");
}

function showRefused() {
  clearCharts();
  $("report").hidden = true;
  $("refused").hidden = false;
}

function renderFilterBar() {
  renderFilters(filters, {
    agents: mergeAgents(knownAgents, []),
    groups,
    T,
    viewerZone,
    todayDay: todayIn(filters.tz),
  });
  $("subtitle").textContent = T.subtitle(formatDayRange(filters.from, filters.to, locale));
}

/** Show one of the report's states: loading, ready, empty or error. */
function setState(state) {
  const report = $("report");
  report.dataset.state = state;
  report.setAttribute("aria-busy", state === "loading" ? "true" : "false");
  $("status").textContent = state === "loading" ? T.loading : "";
  $("error").hidden = state !== "error";
  $("cards").hidden = state === "error";
  $("empty").hidden = state !== "empty";
  $("panels").hidden = state === "error" || state === "empty";
}

async function load() {
  const mine = ++loadCount;
  renderFilterBar();
  const first = !$("report").dataset.loaded;
  setState("loading");
  if (first) $("panels").hidden = true;
  const res = await fetchSummary(filters);
  if (mine !== loadCount) return; // a newer choice of filters is on its way
  if (!res.ok) {
    if (res.status === 401) return goToSignIn();
    if (res.status === 403) return showRefused();
    clearCharts();
    $("error-text").textContent =
      res.status === 0 ? T.networkError : res.error.message || res.error.code || T.errorTitle;
    setState("error");
    return;
  }
  const summary = res.data;
  $("report").dataset.loaded = "1";
  mergeAgents(knownAgents, summary.per_agent);
  renderFilterBar();
  renderCards(summary, T, locale, dayCount(filters.from, filters.to));
  if (isEmpty(summary)) {
    clearCharts();
    setState("empty");
    return;
  }
  // The charts measure their boxes: show them before drawing.
  $("panels").hidden = false;
  drawConversations(summary, T, locale);
  drawFirstResponse(summary, T, locale);
  drawWaiting(summary, T, locale);
  drawCsat(summary, T, locale);
  renderAgents(summary.per_agent, T, locale);
  renderHeatmap(summary.per_hour, T, locale, filters.tz);
  setState("ready");
}

function choose(next) {
  filters = next;
  window.history.pushState(null, "", searchFromFilters(filters, window.location.search));
  load();
}

function readUrl() {
  filters = filtersFromSearch(window.location.search, { today: todayIn(viewerZone), timeZone: viewerZone });
}

async function onExport() {
  const button = $("export");
  button.disabled = true;
  $("export-text").textContent = T.exporting;
  const res = await downloadExport(filters);
  button.disabled = false;
  $("export-text").textContent = T.exportCsv;
  if (res.ok) return;
  if (res.status === 401) return goToSignIn();
  $("status").textContent =
    T.exportFailed + (res.status === 0 ? T.networkError : res.error.message || res.error.code);
}

async function loadDirectory(me) {
  groups = [...(me.skills || [])];
  if (me.role !== "admin") return;
  const directory = await fetchDirectory();
  directory.agents.forEach((a) => knownAgents.set(String(a.id), a.name));
  groups = [...new Set([...groups, ...directory.groups])].sort((a, b) => a.localeCompare(b));
  if (filters) renderFilterBar();
}

async function start() {
  applyStrings(T, language === "zh" ? "zh-CN" : "en");
  Session.onExpired(goToSignIn);
  if (!Session.restore()) return goToSignIn();
  let me = Session.current().agent;
  const res = await Session.api("GET", "/api/me");
  if (res.status === 401) return goToSignIn();
  if (res.ok && res.data) {
    me = res.data;
    Session.rememberAgent(me);
  }
  if (!me) return goToSignIn();
  renderMe(me);
  if (me.role !== "supervisor" && me.role !== "admin") return showRefused();
  $("report").hidden = false;
  readUrl();
  window.history.replaceState(null, "", searchFromFilters(filters, window.location.search));
  bindFilters(choose);
  bindAgentSort();
  $("retry").addEventListener("click", load);
  $("export").addEventListener("click", onExport);
  window.addEventListener("popstate", () => {
    readUrl();
    load();
  });
  loadDirectory(me);
  load();
}

start();
