/* Me and my colleagues: my own agent record, the colleague directory and skill groups. */

import * as Session from "./session.js";
import { state } from "./state.js";
import { renderMe } from "./topbar.js";

const listeners = [];

export function setMe(agent) {
  if (!agent) return;
  state.me = agent;
  Session.rememberAgent(agent);
  renderMe();
}

/** `fn()` runs whenever a colleague's status, load or skills may have changed. */
export function onAgentsChanged(fn) {
  listeners.push(fn);
}

function changed() {
  listeners.forEach((fn) => fn());
}

/** Every colleague's status, load and skills, and every skill group: the transfer targets
 * (GET /api/agents/directory, readable by any agent). */
export async function loadDirectory() {
  (state.me && state.me.skills ? state.me.skills : []).forEach((s) => state.skillGroups.add(s));
  const res = await Session.api("GET", "/api/agents/directory");
  if (!res.ok || !res.data) return;
  const listed = new Set();
  (res.data.data || []).forEach((a) => {
    listed.add(a.id);
    state.agents.set(a.id, { ...state.agents.get(a.id), ...a });
  });
  // A deactivated colleague is no target any more.
  Array.from(state.agents.keys()).forEach((id) => {
    if (!listed.has(id)) state.agents.delete(id);
  });
  (res.data.skill_groups || []).forEach((g) => state.skillGroups.add(g));
  changed();
}

/** An `agent` event: a colleague (or I) changed status, load, skills or role. It carries
 * the directory's fields, the role and `active`, never an email: merged into what is known
 * (my own email stays from sign-in), never replacing it. */
export function onAgentEvent(agent) {
  if (!agent || typeof agent.id !== "number") return;
  if (agent.active === false) state.agents.delete(agent.id);
  else state.agents.set(agent.id, { ...state.agents.get(agent.id), ...agent });
  (agent.skills || []).forEach((s) => state.skillGroups.add(s));
  if (state.me && agent.id === state.me.id) setMe({ ...state.me, ...agent });
  changed();
}
