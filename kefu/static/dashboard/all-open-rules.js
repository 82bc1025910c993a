/*
 * The All open view's rules, pure: who sees it, and the order of its rows.
 */

const OVERSEERS = ["supervisor", "admin"];

/** Supervisors and admins see every agent's open conversations (PROTOCOL §7). */
export function seesAllOpen(role) {
  return OVERSEERS.includes(role);
}

/** Newest assignment first (the chat that just moved is on top), then the higher id. */
export function sortAllOpen(conversations) {
  const at = (c) => Date.parse(c.assigned_at || c.created_at) || 0;
  return conversations.slice().sort((a, b) => at(b) - at(a) || b.id - a.id);
}
