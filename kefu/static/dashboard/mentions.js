/*
 * @mentions in private notes, the pure part: what the composer's "@name" asks for, which
 * colleagues match it, the text after choosing one, the ids a note mentions when it is
 * sent, and where the mentions are in a note's text (to highlight them).
 */

/** At most this many colleagues per note (the server refuses more). */
export const MAX_MENTIONS = 20;
// "@" plus this many characters at most: past that it is an email or a word, not a name.
const MAX_QUERY = 32;

/**
 * The "@query" being typed just before `caret`: {start (the index of "@"), end, query}, or
 * null. The "@" starts the text or follows a space (so "ann@shop.example" asks nothing);
 * the query holds no line break and does not start with a space.
 */
export function mentionQuery(text, caret) {
  const source = String(text || "");
  const end = typeof caret === "number" ? caret : source.length;
  const before = source.slice(0, end);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  if (at > 0 && !/\s/.test(before[at - 1])) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\r\n@]/.test(query) || /^\s/.test(query)) return null;
  return { start: at, end, query };
}

/**
 * Colleagues for `query` (not `meId`): names that start with it first, then names with a
 * word that starts with it, then names that contain it; online before away before
 * offline, then by name. An empty query lists everyone.
 */
export function matchAgents(agents, query, meId, limit = 8) {
  const q = String(query || "").trim().toLowerCase();
  const order = { online: 0, away: 1, offline: 2 };
  const ranked = [];
  for (const agent of agents || []) {
    if (!agent || agent.id === meId || !agent.name) continue;
    const name = String(agent.name).toLowerCase();
    let rank = -1;
    if (name.startsWith(q)) rank = 0;
    else if (name.split(/\s+/).some((word) => word.startsWith(q))) rank = 1;
    else if (name.includes(q)) rank = 2;
    if (rank >= 0) ranked.push({ agent, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank ||
    (order[a.agent.status] ?? 3) - (order[b.agent.status] ?? 3) ||
    String(a.agent.name).localeCompare(String(b.agent.name)) ||
    a.agent.id - b.agent.id);
  return ranked.slice(0, limit).map((r) => r.agent);
}

/** The text with the "@query" of `at` ({start, end}) replaced by "@Name ": {text, caret}. */
export function insertMention(text, at, name) {
  const source = String(text || "");
  const inserted = "@" + name + " ";
  const after = source.slice(at.end).replace(/^ /, "");
  return { text: source.slice(0, at.start) + inserted + after, caret: at.start + inserted.length };
}

/** Whether "@name" stands in `text` as a whole mention (not followed by more of a word). */
function mentions(text, name) {
  const needle = "@" + name;
  let from = 0;
  for (;;) {
    const i = text.indexOf(needle, from);
    if (i < 0) return false;
    const next = text[i + needle.length];
    const prev = i > 0 ? text[i - 1] : "";
    if ((next === undefined || !/[\p{L}\p{N}_]/u.test(next)) && (prev === "" || /\s/.test(prev))) return true;
    from = i + 1;
  }
}

/**
 * The ids a note mentions: of the colleagues chosen while writing it (`chosen`, [{id,
 * name}]), those whose "@Name" is still in the text, once each, at most MAX_MENTIONS.
 */
export function mentionedIds(text, chosen) {
  const source = String(text || "");
  const ids = [];
  for (const agent of chosen || []) {
    if (!agent || ids.includes(agent.id) || !agent.name) continue;
    if (mentions(source, agent.name)) ids.push(agent.id);
  }
  return ids.slice(0, MAX_MENTIONS);
}

/**
 * `text` cut into [{text}] and [{mention: "@Name", id}] pieces, in order, for the agents
 * a note mentions ([{id, name}]); joined, the pieces give the text back. A longer name wins
 * where two start at the same place ("@Ann Lee" over "@Ann").
 */
export function splitMentions(text, agents) {
  const source = String(text || "");
  const named = (agents || []).filter((a) => a && a.name).sort((a, b) => b.name.length - a.name.length);
  const pieces = [];
  let plain = "";
  let i = 0;
  while (i < source.length) {
    const found = source[i] === "@" && (i === 0 || /\s/.test(source[i - 1])) ?
      named.find((a) => {
        const end = i + 1 + a.name.length;
        return source.startsWith(a.name, i + 1) && (end >= source.length || !/[\p{L}\p{N}_]/u.test(source[end]));
      }) : null;
    if (found) {
      if (plain) pieces.push({ text: plain });
      plain = "";
      pieces.push({ mention: "@" + found.name, id: found.id });
      i += 1 + found.name.length;
    } else {
      plain += source[i];
      i += 1;
    }
  }
  if (plain) pieces.push({ text: plain });
  return pieces;
}

/** The chat pane's chip and banner for a conversation I was mentioned in (read-only). */
export function mentionedChatState(conv, T) {
  const agent = conv && conv.agent && conv.agent.name ? conv.agent.name : T.agentFallback;
  return { label: T.mentionedLabel, kind: "open", banner: T.mentionedBanner(agent), bannerKind: "info" };
}
