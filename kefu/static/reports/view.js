/*
 * The report's DOM: the page's fixed strings, the figure cards, the per-agent
 * table and the heatmap. Text only ever goes in as textContent.
 */

import { $ } from "../widget/core/dom.js";
import { formatDuration, formatNumber, formatPercent, formatRating, weekdayNames } from "./format.js";
import { heatColor, heatGrid, heatInk, heatLegend } from "./heatmap.js";
import { firstDirection, sortAgents } from "./model.js";

/** Put the language's strings into every [data-i18n] element and [data-i18n-label] label. */
export function applyStrings(T, htmlLang) {
  document.documentElement.lang = htmlLang;
  document.title = T.docTitle;
  document.querySelectorAll("[data-i18n]").forEach((node) => {
    const text = T[node.dataset.i18n];
    if (typeof text === "string") node.textContent = text;
  });
  document.querySelectorAll("[data-i18n-label]").forEach((node) => {
    node.setAttribute("aria-label", T[node.dataset.i18nLabel]);
  });
  document.querySelectorAll("[data-i18n-title]").forEach((node) => {
    node.title = T[node.dataset.i18nTitle];
  });
  document.querySelectorAll("#agents-table th[data-sort] button").forEach((button) => {
    button.setAttribute("aria-label", T.sortBy(button.textContent));
  });
}

/** The figure cards. */
export function renderCards(summary, T, locale, days) {
  const set = (id, text) => {
    $(id).textContent = text;
  };
  const fr = summary.first_response_seconds || {};
  const res = summary.resolution_seconds || {};
  const qw = summary.queue_wait_seconds || {};
  const csat = summary.csat || {};
  set("fig-conversations", formatNumber(summary.conversations, locale));
  set("fig-conversations-extra", T.perDayAverage(formatNumber(summary.conversations / Math.max(1, days), locale, 1)));
  // The toggle changes what first response and resolution mean: the cards say which.
  const business = Boolean(summary.business_hours);
  $("report").dataset.businessHours = business ? "true" : "false";
  set("def-first-response", business ? T.defFirstResponseBusiness : T.defFirstResponse);
  set("def-resolution", business ? T.defResolutionBusiness : T.defResolution);
  set("fig-first-response", formatDuration(fr.median, T));
  set("fig-first-response-p90", T.p90(formatDuration(fr.p90, T)));
  set("fig-resolution", formatDuration(res.median, T));
  set("fig-resolution-p90", T.p90(formatDuration(res.p90, T)));
  set("fig-queue-wait", formatDuration(qw.median, T));
  set("fig-queue-wait-p90", T.p90(formatDuration(qw.p90, T)));
  set("fig-missed", formatNumber(summary.missed, locale));
  set("fig-missed-share", summary.conversations ? T.missedShare(formatPercent(summary.missed / summary.conversations, locale)) : "");
  set("fig-csat", formatRating(csat.average, locale));
  set("fig-csat-count", T.ratings(csat.count || 0));
  document.querySelectorAll(".rp-card").forEach((card) => {
    const value = card.querySelector(".rp-card-value");
    card.classList.toggle("rp-card--none", value.textContent.trim().startsWith(T.noValue));
  });
}

const agentSort = { key: "conversations", direction: "desc" };
let agentRows = [];
let agentRender = () => {};

/** The per-agent table, sorted by the column last chosen (busiest first at the start). */
export function renderAgents(perAgent, T, locale) {
  agentRows = perAgent || [];
  agentRender = () => {
    const body = $("agents-body");
    const rows = sortAgents(agentRows, agentSort.key, agentSort.direction);
    body.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement("tr");
        tr.dataset.agentId = String(row.agent.id);
        const name = document.createElement("th");
        name.scope = "row";
        name.textContent = row.agent.name;
        const cells = [
          formatNumber(row.conversations, locale),
          formatDuration(row.first_response_median, T),
          formatDuration(row.resolution_median, T),
          formatRating(row.csat_average, locale),
        ].map((text) => {
          const td = document.createElement("td");
          td.className = "rp-num";
          td.textContent = text;
          return td;
        });
        tr.append(name, ...cells);
        return tr;
      }),
    );
    document.querySelectorAll("#agents-table th[data-sort]").forEach((th) => {
      const sorted = th.dataset.sort === agentSort.key;
      if (sorted) th.setAttribute("aria-sort", agentSort.direction === "asc" ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    $("agents-table").hidden = rows.length === 0;
    $("agents-empty").hidden = rows.length > 0;
  };
  agentRender();
}

/** Sort the per-agent table when a column heading is chosen (a second choice reverses it). */
export function bindAgentSort() {
  document.querySelectorAll("#agents-table th[data-sort] button").forEach((button) => {
    button.addEventListener("click", () => {
      const key = button.closest("th").dataset.sort;
      if (agentSort.key === key) agentSort.direction = agentSort.direction === "asc" ? "desc" : "asc";
      else Object.assign(agentSort, { key, direction: firstDirection(key) });
      agentRender();
    });
  });
}

/** The hour × weekday heatmap: a table of coloured cells, the count in each. */
export function renderHeatmap(perHour, T, locale, timeZone) {
  const { cells, max } = heatGrid(perHour);
  const names = weekdayNames(locale, "short");
  const longNames = weekdayNames(locale, "long");
  const table = $("heatmap");
  const head = document.createElement("thead");
  const headRow = document.createElement("tr");
  const corner = document.createElement("th");
  corner.scope = "col";
  corner.className = "rp-heat-corner";
  corner.textContent = T.colWeekday + " / " + T.colHour;
  headRow.appendChild(corner);
  for (let hour = 0; hour < 24; hour += 1) {
    const th = document.createElement("th");
    th.scope = "col";
    th.className = "rp-heat-hour";
    th.textContent = String(hour);
    headRow.appendChild(th);
  }
  head.appendChild(headRow);
  const body = document.createElement("tbody");
  cells.forEach((counts, weekday) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.className = "rp-heat-day";
    th.textContent = names[weekday];
    tr.appendChild(th);
    counts.forEach((count, hour) => {
      const td = document.createElement("td");
      td.className = "rp-heat-cell";
      td.dataset.weekday = String(weekday);
      td.dataset.hour = String(hour);
      td.dataset.count = String(count);
      td.style.backgroundColor = heatColor(count, max);
      td.style.color = heatInk(count, max);
      td.title = T.heatCell(longNames[weekday], hour, count);
      td.textContent = count ? formatNumber(count, locale) : "";
      if (!count) {
        const zero = document.createElement("span");
        zero.className = "sr-only";
        zero.textContent = "0";
        td.appendChild(zero);
      }
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
  table.replaceChildren(head, body);
  $("heatmap-note").textContent = T.noteHeatmap(timeZone);
  $("heat-legend").replaceChildren(
    ...heatLegend(5).map((color) => {
      const swatch = document.createElement("span");
      swatch.className = "rp-legend-swatch";
      swatch.style.backgroundColor = color;
      return swatch;
    }),
  );
  table.closest("figure").dataset.state = "drawn";
}
