/*
 * The All open view's rules, pure: who sees it, who may reassign from it, the order of its
 * rows and how a `conversation` event changes them.
 */

const OVERSEERS = ["supervisor", "admin"];

/** Supervisors and admins see every agent's open conversations (PROTOCOL §7); plain agents
 * too when an admin allows it (settings `workspace.agents_see_all_open`). */
export function seesAllOpen(role, agentsSeeAllOpen = false) {
  return OVERSEERS.includes(role) || (role === "agent" && !!agentsSeeAllOpen);
}

/** Reassigning a colleague's conversation stays with supervisors and admins. */
export function mayReassign(role) {
  return OVERSEERS.includes(role);
}

/** Newest assignment first (the chat that just moved is on top), then the higher id. */
export function sortAllOpen(conversations) {
  const at = (c) => Date.parse(c.assigned_at || c.created_at) || 0;
  return conversations.slice().sort((a, b) => at(b) - at(a) || b.id - a.id);
}

/** True when `conv` belongs in All open: open and held by someone. */
export function isListed(conv) {
  return conv.status === "open" && !!conv.agent;
}

/**
 * The rows (at most `limit`, sorted) and the total after a `conversation` event. `reread`
 * is true when the rows alone cannot tell: the list was cut at `limit`, and the event is
 * about a conversation not shown (it may be one of those past the cut) or a row left it
 * (one from past the cut moves up). The caller then reads the list again.
 */
export function applyConversation(rows, total, conv, limit) {
  const at = rows.findIndex((c) => c.id === conv.id);
  const cut = total > rows.length;
  if (isListed(conv)) {
    const next = rows.slice();
    if (at >= 0) next[at] = conv;
    else next.push(conv);
    const sorted = sortAllOpen(next);
    return { rows: sorted.slice(0, limit), total: at >= 0 ? total : total + 1, reread: cut && at < 0 };
  }
  if (at < 0) return { rows, total, reread: cut };
  const next = rows.slice(0, at).concat(rows.slice(at + 1));
  return { rows: next, total: Math.max(0, total - 1), reread: cut };
}
