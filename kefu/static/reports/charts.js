/*
 * The report's charts, drawn by the vendored Chart.js (window.Chart, a classic
 * script loaded before this module). Each chart also fills a visually hidden
 * table with its numbers, its text alternative; without Chart.js (the file
 * failed to load) that table is shown instead of the canvas.
 */

import { $ } from "../widget/core/dom.js";
import { formatDay, formatDuration, formatNumber, formatRating } from "./format.js";
import { durationScale } from "./model.js";

const COLORS = {
  accent: "#2563eb",
  accentSoft: "rgba(37, 99, 235, 0.12)",
  p90: "#a5c0f7",
  amber: "#f59e0b",
  grid: "#eef1f6",
  text: "#5b6579",
};

const charts = new Map(); // canvas id → Chart

function chartLib() {
  return typeof window !== "undefined" && window.Chart ? window.Chart : null;
}

let defaultsSet = false;

function setDefaults(Chart) {
  if (defaultsSet) return;
  defaultsSet = true;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = COLORS.text;
  Chart.defaults.borderColor = COLORS.grid;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.legend.labels.boxHeight = 12;
  Chart.defaults.plugins.tooltip.padding = 10;
  Chart.defaults.plugins.tooltip.backgroundColor = "#172033";
  if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    Chart.defaults.animation = false;
  } else {
    Chart.defaults.animation.duration = 350;
  }
}

/** Fill a table with a caption, column headings and rows of cell texts. */
function fillTable(table, caption, headings, rows) {
  const captionEl = document.createElement("caption");
  captionEl.textContent = caption;
  const head = document.createElement("thead");
  const headRow = document.createElement("tr");
  headings.forEach((text) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    headRow.appendChild(th);
  });
  head.appendChild(headRow);
  const body = document.createElement("tbody");
  rows.forEach((cells) => {
    const tr = document.createElement("tr");
    cells.forEach((text, i) => {
      const cell = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) cell.scope = "row";
      cell.textContent = text;
      tr.appendChild(cell);
    });
    body.appendChild(tr);
  });
  table.replaceChildren(captionEl, head, body);
}

function draw(canvasId, config, label) {
  const canvas = $(canvasId);
  const figure = canvas.closest("figure");
  canvas.setAttribute("aria-label", label);
  const old = charts.get(canvasId);
  if (old) old.destroy();
  charts.delete(canvasId);
  const Chart = chartLib();
  figure.classList.toggle("rp-chart--text", !Chart);
  if (!Chart) {
    figure.dataset.state = "text";
    return;
  }
  setDefaults(Chart);
  charts.set(canvasId, new Chart(canvas, config));
  figure.dataset.state = "drawn";
}

/** Forget every chart (the page shows an empty or failed report). */
export function clearCharts() {
  charts.forEach((chart) => chart.destroy());
  charts.clear();
}

function durationAxis(T, scale, locale) {
  return {
    beginAtZero: true,
    ticks: {
      callback: (value) => formatNumber(value, locale, 1) + " " + T[scale.unit],
      maxTicksLimit: 6,
    },
  };
}

function durationTooltip(T, rawOf) {
  return {
    callbacks: {
      label: (item) => item.dataset.label + ": " + formatDuration(rawOf(item), T),
    },
  };
}

function scaled(seconds, scale) {
  return seconds === null || seconds === undefined ? null : seconds / scale.divisor;
}

/** Conversations per day: bars. */
export function drawConversations(summary, T, locale) {
  const days = summary.per_day || [];
  const withYear = days.length > 0 && days[0].date.slice(0, 4) !== days[days.length - 1].date.slice(0, 4);
  fillTable(
    $("alt-conversations"),
    T.chartConversations,
    [T.colDate, T.colConversations],
    days.map((d) => [formatDay(d.date, locale, true), formatNumber(d.conversations, locale)]),
  );
  draw(
    "chart-conversations",
    {
      type: "bar",
      data: {
        labels: days.map((d) => formatDay(d.date, locale, withYear)),
        datasets: [
          {
            label: T.seriesConversations,
            data: days.map((d) => d.conversations),
            backgroundColor: COLORS.accent,
            hoverBackgroundColor: "#1d4ed8",
            borderRadius: 4,
            maxBarThickness: 36,
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: {
          x: { grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 12 } },
          y: { beginAtZero: true, ticks: { precision: 0, maxTicksLimit: 6 } },
        },
      },
    },
    T.chartConversations + ". " + T.seeTable,
  );
}

/** The median first response of each day: a line with gaps on days without a reply. */
export function drawFirstResponse(summary, T, locale) {
  const days = summary.per_day || [];
  const values = days.map((d) => d.first_response_median);
  const scale = durationScale(Math.max(0, ...values.filter((v) => v !== null && v !== undefined)));
  fillTable(
    $("alt-first-response"),
    T.chartFirstResponse,
    [T.colDate, T.colFirstResponse],
    days.map((d) => [formatDay(d.date, locale, true), formatDuration(d.first_response_median, T)]),
  );
  draw(
    "chart-first-response",
    {
      type: "line",
      data: {
        labels: days.map((d) => formatDay(d.date, locale)),
        datasets: [
          {
            label: T.seriesFirstResponse,
            data: values.map((v) => scaled(v, scale)),
            borderColor: COLORS.accent,
            backgroundColor: COLORS.accentSoft,
            pointBackgroundColor: COLORS.accent,
            pointRadius: days.length > 45 ? 0 : 3,
            pointHoverRadius: 5,
            borderWidth: 2,
            tension: 0.3,
            fill: true,
            spanGaps: false,
          },
        ],
      },
      options: {
        plugins: {
          legend: { display: false },
          tooltip: durationTooltip(T, (item) => values[item.dataIndex]),
        },
        scales: {
          x: { grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 12 } },
          y: durationAxis(T, scale, locale),
        },
      },
    },
    T.chartFirstResponse + ". " + T.seeTable,
  );
}

/** Queue wait and first response, median and 90th percentile: grouped horizontal bars. */
export function drawWaiting(summary, T, locale) {
  const measures = [
    [T.figQueueWait, summary.queue_wait_seconds || {}],
    [T.figFirstResponse, summary.first_response_seconds || {}],
  ];
  const all = measures.flatMap(([, s]) => [s.median, s.p90]).filter((v) => v !== null && v !== undefined);
  const scale = durationScale(Math.max(0, ...all));
  fillTable(
    $("alt-waiting"),
    T.chartWaiting,
    [T.colMeasure, T.seriesMedian, T.seriesP90],
    measures.map(([name, s]) => [name, formatDuration(s.median, T), formatDuration(s.p90, T)]),
  );
  const raw = [measures.map(([, s]) => s.median), measures.map(([, s]) => s.p90)];
  draw(
    "chart-waiting",
    {
      type: "bar",
      data: {
        labels: measures.map(([name]) => name),
        datasets: [
          {
            label: T.seriesMedian,
            data: raw[0].map((v) => scaled(v, scale)),
            backgroundColor: COLORS.accent,
            borderRadius: 4,
            maxBarThickness: 22,
          },
          {
            label: T.seriesP90,
            data: raw[1].map((v) => scaled(v, scale)),
            backgroundColor: COLORS.p90,
            borderRadius: 4,
            maxBarThickness: 22,
          },
        ],
      },
      options: {
        indexAxis: "y",
        plugins: {
          legend: { position: "bottom" },
          tooltip: durationTooltip(T, (item) => raw[item.datasetIndex][item.dataIndex]),
        },
        scales: { x: durationAxis(T, scale, locale), y: { grid: { display: false } } },
      },
    },
    T.chartWaiting + ". " + T.seeTable,
  );
}

/** Each agent's average rating out of 5: horizontal bars (agents without ratings left out). */
export function drawCsat(summary, T, locale) {
  const rated = (summary.per_agent || []).filter((row) => row.csat_average !== null && row.csat_average !== undefined);
  const none = rated.length === 0;
  $("csat-empty").hidden = !none;
  $("chart-csat").closest(".rp-chart-box").hidden = none;
  fillTable(
    $("alt-csat"),
    T.chartCsat,
    [T.colAgent, T.seriesCsat],
    none ? [[T.noRatings, T.noValue]] : rated.map((row) => [row.agent.name, formatRating(row.csat_average, locale)]),
  );
  const figure = $("chart-csat").closest("figure");
  if (none) {
    const old = charts.get("chart-csat");
    if (old) old.destroy();
    charts.delete("chart-csat");
    figure.dataset.state = "empty";
    return;
  }
  draw(
    "chart-csat",
    {
      type: "bar",
      data: {
        labels: rated.map((row) => row.agent.name),
        datasets: [
          {
            label: T.seriesCsat,
            data: rated.map((row) => row.csat_average),
            backgroundColor: rated.map((row) => (row.csat_average >= 4 ? "#16a34a" : row.csat_average >= 3 ? COLORS.amber : "#dc2626")),
            borderRadius: 4,
            maxBarThickness: 22,
          },
        ],
      },
      options: {
        indexAxis: "y",
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => formatRating(item.raw, locale) + " " + T.outOf5 } },
        },
        scales: {
          x: { min: 0, max: 5, ticks: { stepSize: 1 } },
          y: { grid: { display: false } },
        },
      },
    },
    T.chartCsat + ". " + T.seeTable,
  );
}
