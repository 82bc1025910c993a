/*
 * Who a conversation can be handed to, as pure data for the transfer picker: each
 * colleague with whether the server would take them now (it refuses anyone not online,
 * and anyone at their limit), and each skill group with how many can answer it.
 */

const STATUS_RANK = { online: 0, away: 1, offline: 2 };

/** Why an agent cannot take a conversation now: "away" | "offline" | "full" | null. */
export function unavailableReason(agent) {
  if (agent.status !== "online") return agent.status === "away" ? "away" : "offline";
  if (agent.load >= agent.max_concurrent) return "full";
  return null;
}

/** Colleagues other than `excludeIds`, the ones who can take it first, then by name. */
export function agentTargets(agents, excludeIds) {
  const skip = new Set(excludeIds || []);
  return Array.from(agents)
    .filter((a) => !skip.has(a.id))
    .map((a) => ({ ...a, reason: unavailableReason(a) }))
    .sort((a, b) => (!!a.reason - !!b.reason) ||
      ((STATUS_RANK[a.status] ?? 3) - (STATUS_RANK[b.status] ?? 3)) ||
      a.name.localeCompare(b.name) || a.id - b.id);
}

/** Skill groups by name, each with `free`: online agents of that skill with room left. */
export function groupTargets(groupNames, agents) {
  const list = Array.from(agents);
  return Array.from(new Set(groupNames)).sort().map((name) => ({
    name,
    free: list.filter((a) => (a.skills || []).includes(name) && !unavailableReason(a)).length,
  }));
}

/** "agent:7" / "group:sales" (a radio value) as the transfer payload's target fields. */
export function targetPayload(value) {
  const match = /^(agent|group):(.+)$/.exec(value || "");
  if (!match) return null;
  if (match[1] === "agent") {
    const id = parseInt(match[2], 10);
    return id > 0 ? { agent_id: id } : null;
  }
  return { skill_group: match[2] };
}
