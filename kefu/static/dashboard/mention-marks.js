/*
 * A note's @mentions drawn highlighted: the "@Name" of each agent the note mentions
 * (its `mentions` ids, named from the directory) becomes a marked span. A note drawn
 * before the directory arrived is marked once it does.
 */

import { el } from "../widget/core/dom.js";
import { onAgentsChanged } from "./agents.js";
import { splitMentions } from "./mentions.js";
import { state } from "./state.js";

const waiting = new Set(); // rows whose mentioned names were not known yet
let listening = false;

function named(ids) {
  const known = [];
  for (const id of ids) {
    const agent = state.agents.get(id) || (state.me && state.me.id === id ? state.me : null);
    if (agent && agent.name) known.push({ id, name: agent.name });
  }
  return known;
}

function textNodes(root) {
  const found = [];
  const walk = (node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) found.push(child);
      else if (child.nodeType === 1 && child.tagName !== "A" && !child.classList.contains("note-label") &&
        !child.classList.contains("kf-mention")) walk(child);
    }
  };
  walk(root);
  return found;
}

function mark(row, ids) {
  const agents = named(ids);
  const bubble = row.querySelector(".kf-bubble");
  if (!bubble) return true;
  for (const node of textNodes(bubble)) {
    const pieces = splitMentions(node.data, agents);
    if (!pieces.some((p) => p.mention)) continue;
    const parts = pieces.map((p) => {
      if (!p.mention) return document.createTextNode(p.text);
      const span = el("span", "kf-mention", p.mention);
      span.dataset.testid = "mention";
      span.dataset.agentId = String(p.id);
      if (state.me && p.id === state.me.id) span.classList.add("kf-mention--me");
      return span;
    });
    node.replaceWith(...parts);
  }
  return agents.length === ids.length;
}

/** Mark the mentions of note `m` in its drawn `row`. */
export function markMentions(row, m) {
  const ids = (m && m.private && Array.isArray(m.mentions) ? m.mentions : []);
  if (!ids.length) return;
  row.dataset.mentions = ids.join(" ");
  // Names unknown while the directory is still on its way: mark again when it comes (an
  // id the loaded directory lacks is a deactivated colleague, shown unmarked).
  if (mark(row, ids) || state.agents.size) return;
  waiting.add(row);
  if (!listening) {
    listening = true; // on first need, not at import: agents.js may still be loading then
    onAgentsChanged(markWaiting);
  }
}

function markWaiting() {
  for (const row of Array.from(waiting)) {
    const ids = (row.dataset.mentions || "").split(" ").filter(Boolean).map(Number);
    if (mark(row, ids) || state.agents.size) waiting.delete(row);
  }
}
