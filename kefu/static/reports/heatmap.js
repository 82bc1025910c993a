/*
 * The hour × weekday heatmap's data and colour scale. `per_hour` from the API
 * is [[weekday (0 = Monday), hour, conversations], …] with empty hours left
 * out. Pure: no DOM, tested by tests/js/reports-heatmap.test.mjs.
 */

// The scale runs from a pale tint of the accent to the accent itself (dashboard.css --accent).
const EMPTY = [243, 245, 249];
const LOW = [219, 231, 254];
const HIGH = [29, 78, 216];
// Above this share of the busiest hour, dark text stops being readable on the cell.
const INK_SWITCH = 0.55;

/** 7 rows (Monday first) of 24 counts, the busiest count and the total. */
export function heatGrid(perHour) {
  const cells = Array.from({ length: 7 }, () => new Array(24).fill(0));
  let max = 0;
  let total = 0;
  for (const [weekday, hour, count] of perHour || []) {
    if (weekday < 0 || weekday > 6 || hour < 0 || hour > 23) continue;
    cells[weekday][hour] += count;
    max = Math.max(max, cells[weekday][hour]);
    total += count;
  }
  return { cells, max, total };
}

/** How far up the scale a count is: 0 for none, else between 0.15 and 1. */
export function heatLevel(count, max) {
  if (!count || !max) return 0;
  return 0.15 + 0.85 * Math.min(1, count / max);
}

/** The cell colour of a count, as "rgb(r, g, b)". */
export function heatColor(count, max) {
  const level = heatLevel(count, max);
  if (level === 0) return "rgb(" + EMPTY.join(", ") + ")";
  const t = (level - 0.15) / 0.85;
  const mix = LOW.map((low, i) => Math.round(low + (HIGH[i] - low) * t));
  return "rgb(" + mix.join(", ") + ")";
}

/** Text colour readable on heatColor(count, max). */
export function heatInk(count, max) {
  return heatLevel(count, max) > INK_SWITCH ? "#ffffff" : "#172033";
}

/** The legend's steps: `steps` colours from the palest to the darkest. */
export function heatLegend(steps = 5) {
  return Array.from({ length: steps }, (_, i) => heatColor(i + 1, steps));
}
