/*
 * The audit log, readable: an entry's details as lines of "what: before → after" or
 * "what: value", nested settings flattened to the paths that changed. Pure: no DOM.
 */

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function flatten(value, prefix, out) {
  if (isObject(value) && Object.keys(value).length) {
    for (const key of Object.keys(value)) flatten(value[key], prefix ? prefix + "." + key : key, out);
  } else {
    out[prefix] = value;
  }
  return out;
}

/** The paths under `before`/`after` whose values differ, as change lines. */
export function diffLines(before, after, prefix) {
  const a = flatten(before === undefined ? null : before, prefix, {});
  const b = flatten(after === undefined ? null : after, prefix, {});
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return paths
    .filter((path) => JSON.stringify(a[path] ?? null) !== JSON.stringify(b[path] ?? null))
    .map((path) => ({ path, from: a[path] ?? null, to: b[path] ?? null }));
}

/** An entry's details as lines: {path, from, to} for changes, {path, value} for facts. */
export function detailLines(details) {
  if (!isObject(details)) return details == null ? [] : [{ path: "", value: details }];
  const lines = [];
  if (isObject(details.changes)) {
    for (const [key, change] of Object.entries(details.changes)) {
      if (isObject(change) && ("from" in change || "to" in change)) {
        lines.push(...diffLines(change.from, change.to, key));
      } else {
        lines.push({ path: key, value: change });
      }
    }
  }
  const keys = Object.keys(details).filter((k) => k !== "changes");
  if (!isObject(details.changes) && keys.length === 2 && "from" in details && "to" in details) {
    return [{ path: "", from: details.from, to: details.to }];
  }
  for (const key of keys) lines.push({ path: key, value: details[key] });
  return lines;
}

/** A value of the log as short text; `none` stands for null and empty. */
export function valueText(value, none) {
  if (value === null || value === undefined || value === "") return none;
  if (Array.isArray(value)) {
    if (!value.length) return none;
    return value.every((v) => typeof v !== "object" || v === null)
      ? value.join(", ")
      : value.map((v) => (Array.isArray(v) ? v.join("–") : JSON.stringify(v))).join(", ");
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Page count for `total` entries of `perPage` (at least 1). */
export function pageCount(total, perPage) {
  return Math.max(1, Math.ceil((total || 0) / (perPage || 20)));
}
