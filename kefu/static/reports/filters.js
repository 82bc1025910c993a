/*
 * The report's filters and where they live: the page's URL (so a reload or a
 * shared link shows the same report) and the API's query. Days are
 * "YYYY-MM-DD" strings in the report's time zone; date arithmetic is done in
 * UTC on those strings, so no local clock shift can move a day.
 * Pure: no DOM, tested by tests/js/reports-filters.test.mjs.
 */

export const PRESETS = [7, 30, 90];
export const DEFAULT_DAYS = 30;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86400000;

/** A real calendar day written as YYYY-MM-DD. */
export function isDay(value) {
  const match = DAY.exec(value || "");
  if (!match) return false;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return date.toISOString().slice(0, 10) === value;
}

/** `day` moved by `days` (negative: earlier). */
export function addDays(day, days) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both counted (1 for a single day). */
export function dayCount(from, to) {
  const [a, b] = [from, to].map((day) => {
    const [y, m, d] = day.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  });
  return Math.round((b - a) / MS_PER_DAY) + 1;
}

/** Today's date in an IANA time zone (the report's days are that zone's days). */
export function todayIn(timeZone, now = new Date()) {
  let parts;
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(now);
  } catch (err) {
    return now.toISOString().slice(0, 10); // an unknown zone: the server says so
  }
  const part = (type) => parts.find((p) => p.type === type).value;
  return part("year") + "-" + part("month") + "-" + part("day");
}

/** The last `days` days up to and including `today`. */
export function presetRange(days, today) {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** Which preset the filters' days are (7, 30, 90), or null for a custom period. */
export function presetOf(filters, today) {
  if (filters.to !== today) return null;
  return PRESETS.find((days) => presetRange(days, today).from === filters.from) || null;
}

/**
 * The filters a page URL's query asks for. Missing or malformed days fall back
 * to the last DEFAULT_DAYS days; `from` after `to` is kept (the server explains
 * what is wrong with it). `tz` defaults to the viewer's zone.
 */
export function filtersFromSearch(search, { today, timeZone }) {
  const params = new URLSearchParams(search || "");
  const tz = (params.get("tz") || "").trim() || timeZone || "UTC";
  const day = tz === timeZone ? today : todayIn(tz);
  let from = params.get("from");
  let to = params.get("to");
  if (!isDay(to)) to = isDay(from) && from > day ? from : day;
  if (!isDay(from)) from = addDays(to, -(DEFAULT_DAYS - 1));
  const agentId = params.get("agent_id") || "";
  return {
    from,
    to,
    agent_id: /^\d+$/.test(agentId) ? agentId : "",
    skill_group: (params.get("skill_group") || "").trim(),
    tz,
    business_hours: params.get("business_hours") === "1",
  };
}

function filterParams(filters) {
  const params = new URLSearchParams();
  params.set("from", filters.from);
  params.set("to", filters.to);
  if (filters.agent_id) params.set("agent_id", String(filters.agent_id));
  if (filters.skill_group) params.set("skill_group", filters.skill_group);
  params.set("tz", filters.tz);
  // Counting only business hours in first response and resolution (off: left out).
  if (filters.business_hours) params.set("business_hours", "1");
  return params;
}

/**
 * The page URL's query for these filters ("?from=…"), keeping the page's own
 * parameters that are not filters (such as `lang`) from `search`.
 */
export function searchFromFilters(filters, search = "") {
  const params = filterParams(filters);
  const kept = new URLSearchParams(search || "");
  for (const [key, value] of kept) {
    if (!["from", "to", "agent_id", "skill_group", "tz", "business_hours"].includes(key)) params.append(key, value);
  }
  return "?" + params.toString();
}

/** The query string of /api/reports/summary and /api/reports/export.csv. */
export function apiQuery(filters) {
  return filterParams(filters).toString();
}

/** The filters with some fields changed (a new object: the old one is not touched). */
export function withChange(filters, change) {
  return { ...filters, ...change };
}
