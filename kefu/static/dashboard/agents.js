/* Me and my colleagues: my own agent record, the agent directory and skill groups. */

import * as Session from "./session.js";
import { state } from "./state.js";
import { renderMe } from "./topbar.js";

export function setMe(agent) {
  if (!agent) return;
  state.me = agent;
  Session.rememberAgent(agent);
  renderMe();
}

/** My skills, and for an admin every agent and skill group: the transfer targets. */
export function loadDirectory() {
  (state.me.skills || []).forEach((s) => state.skillGroups.add(s));
  if (state.me.role !== "admin") return;
  loadAgents();
  Session.api("GET", "/api/skill-groups").then((res) => {
    if (!res.ok) return;
    (res.data.data || []).forEach((g) => state.skillGroups.add(g.name));
  });
}

/** The agent list as it is now (statuses and loads change with every assignment). */
export async function loadAgents() {
  const res = await Session.api("GET", "/api/agents");
  if (!res.ok) return;
  (res.data.data || []).forEach((a) => state.agents.set(a.id, a));
}

/** An `agent` event: a colleague (or I) changed status, load or skills. */
export function onAgentEvent(agent) {
  if (!agent || typeof agent.id !== "number") return;
  state.agents.set(agent.id, agent);
  (agent.skills || []).forEach((s) => state.skillGroups.add(s));
  if (state.me && agent.id === state.me.id) setMe(agent);
}
