/*
 * Canned responses, the pure part: what the composer's "/shortcut" asks for,
 * which responses match it, and the variables filled in before sending.
 */

/** The query when the composer starts with "/" (no line break yet): "" for "/", else null. */
export function slashQuery(text) {
  const match = /^\/([^\s/]*)$/.exec(String(text || ""));
  return match ? match[1].toLowerCase() : null;
}

/**
 * Responses for `query`: shortcuts that start with it first, then ones that contain it,
 * then ones whose content contains it; by shortcut within each. Personal before team on a tie.
 */
export function matchCanned(list, query, limit = 8) {
  const q = String(query || "").toLowerCase();
  const ranked = [];
  for (const item of list || []) {
    const shortcut = String(item.shortcut || "").toLowerCase();
    let rank = -1;
    if (shortcut.startsWith(q)) rank = 0;
    else if (shortcut.includes(q)) rank = 1;
    else if (q && String(item.content || "").toLowerCase().includes(q)) rank = 2;
    if (rank >= 0) ranked.push({ item, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank ||
    String(a.item.shortcut).localeCompare(String(b.item.shortcut)) ||
    (a.item.scope === "team") - (b.item.scope === "team"));
  return ranked.slice(0, limit).map((r) => r.item);
}

/**
 * `content` with {{visitor.name}}, {{visitor.email}} and {{agent.name}} filled in (spaces
 * inside the braces allowed). An unknown value becomes "" (the visitor's name falls back to
 * `fallbackName`); unknown variables stay as written.
 */
export function fillVariables(content, context) {
  const ctx = context || {};
  const visitor = ctx.visitor || {};
  const agent = ctx.agent || {};
  const values = {
    "visitor.name": visitor.name || ctx.fallbackName || "",
    "visitor.email": visitor.email || "",
    "agent.name": agent.name || "",
  };
  return String(content || "").replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (whole, key) => {
    const name = key.toLowerCase();
    return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
  });
}

/** The index after moving `step` (±1) through `count` suggestions, wrapping around. */
export function moveIndex(index, step, count) {
  if (!count) return -1;
  return ((index + step) % count + count) % count;
}

/**
 * What a key does to an open list of `count` suggestions under the composer: "close"
 * (Escape), "down"/"up" (the arrows), "choose" (Enter without Shift, or Tab), or null when
 * the composer keeps the key. Shared by the canned (`/`) and mention (`@`) lists.
 */
export function suggestionKey(event, open, count) {
  if (!open) return null;
  if (event.key === "Escape") return "close";
  if (!count) return null;
  if (event.key === "ArrowDown") return "down";
  if (event.key === "ArrowUp") return "up";
  if ((event.key === "Enter" && !event.shiftKey && !event.isComposing) || event.key === "Tab") {
    return "choose";
  }
  return null;
}

/** Whether `me` may change `item`: its owner, or an admin (team ones: admins only). */
export function canEdit(item, me) {
  if (!me) return false;
  if (me.role === "admin") return true;
  return item.scope !== "team" && (item.agent_id === undefined || item.agent_id === null ||
    String(item.agent_id) === String(me.id));
}
