/*
 * Small decisions about a summary that the views share: the per-agent table's
 * order, the agents a filter offers, the export's file name.
 * Pure: no DOM, tested by tests/js/reports-model.test.mjs.
 */

/** The per-agent table's columns: the key sorted on and how a row yields it. */
export const AGENT_COLUMNS = {
  agent: (row) => (row.agent && row.agent.name) || "",
  conversations: (row) => row.conversations,
  first_response_median: (row) => row.first_response_median,
  resolution_median: (row) => row.resolution_median,
  csat_average: (row) => row.csat_average,
};

/**
 * per_agent rows sorted by a column, "asc" or "desc"; rows without a value
 * (no reply, no rating) always go last, ties keep the server's order.
 */
export function sortAgents(rows, key, direction = "desc") {
  const value = AGENT_COLUMNS[key] || AGENT_COLUMNS.conversations;
  const sign = direction === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((a, b) => {
      const aMissing = a.v === null || a.v === undefined;
      const bMissing = b.v === null || b.v === undefined;
      if (aMissing !== bMissing) return aMissing ? 1 : -1;
      if (!aMissing && a.v !== b.v) {
        const order = typeof a.v === "string" ? a.v.localeCompare(b.v) : a.v - b.v;
        if (order) return sign * order;
      }
      return a.index - b.index;
    })
    .map((entry) => entry.row);
}

/** The direction a column starts with when first clicked: names A→Z, figures largest first. */
export function firstDirection(key) {
  return key === "agent" ? "asc" : "desc";
}

/**
 * The agents the filter offers, by name: those already known (the admin's
 * directory or earlier reports) merged with the ones of this report.
 * `known` is a Map id → name and is updated in place.
 */
export function mergeAgents(known, perAgent) {
  for (const row of perAgent || []) {
    if (row.agent && row.agent.id !== null && row.agent.id !== undefined) {
      known.set(String(row.agent.id), row.agent.name || "#" + row.agent.id);
    }
  }
  return [...known.entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name) || Number(a.id) - Number(b.id));
}

/** True when the period has nothing to show. */
export function isEmpty(summary) {
  return !summary || !summary.conversations;
}

/** The file name a Content-Disposition header gives, else a name made from the filters. */
export function exportFileName(disposition, filters) {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition || "");
  if (match) {
    try {
      return decodeURIComponent(match[1]);
    } catch (err) {
      return match[1];
    }
  }
  return "kefu-conversations-" + filters.from + "-" + filters.to + ".csv";
}

/**
 * The unit a chart of durations plots in, chosen by its largest value so the
 * axis reads "0, 2, 4 min" rather than "0, 120, 240 s": {divisor, unit}, the
 * unit being a key of the strings table.
 */
export function durationScale(maxSeconds) {
  if (!(maxSeconds >= 120)) return { divisor: 1, unit: "unitSec" };
  if (maxSeconds < 2 * 3600) return { divisor: 60, unit: "unitMin" };
  if (maxSeconds < 2 * 86400) return { divisor: 3600, unit: "unitHour" };
  return { divisor: 86400, unit: "unitDay" };
}
