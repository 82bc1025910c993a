/*
 * The agent forms: checks and request bodies for creating an agent, editing one and
 * resetting a password. Pure: no DOM.
 */

import { intInRange, isEmail } from "./validate.js";

export const ROLES = ["agent", "supervisor", "admin"];

/** Problems of the create (`creating`) or edit form, as {input: error key}. */
export function agentErrors(form, creating) {
  const errors = {};
  if (creating) {
    if (!form.email.trim()) errors.email = "required";
    else if (!isEmail(form.email)) errors.email = "invalidEmail";
    if (!form.password) errors.password = "required";
  }
  if (!form.name.trim()) errors.name = "required";
  else if (form.name.trim().length > 128) errors.name = "tooLong";
  if (intInRange(form.max_concurrent, 1, 1000) === null) errors.max_concurrent = "invalidCapacity";
  if (!ROLES.includes(form.role)) errors.role = "required";
  return errors;
}

/** The POST /api/agents body. */
export function createBody(form) {
  return {
    email: form.email.trim(),
    password: form.password,
    name: form.name.trim(),
    role: form.role,
    skills: [...form.skills].sort(),
    max_concurrent: intInRange(form.max_concurrent, 1, 1000),
  };
}

/** The PATCH /api/agents/<id> body: only what differs from `agent`, or null. */
export function updateBody(agent, form) {
  const body = {};
  const name = form.name.trim();
  if (name !== agent.name) body.name = name;
  if (form.role !== agent.role) body.role = form.role;
  const capacity = intInRange(form.max_concurrent, 1, 1000);
  if (capacity !== agent.max_concurrent) body.max_concurrent = capacity;
  const skills = [...form.skills].sort();
  if (JSON.stringify(skills) !== JSON.stringify([...(agent.skills || [])].sort())) body.skills = skills;
  return Object.keys(body).length ? body : null;
}

/** Problems of the reset-password form. */
export function passwordErrors(password, again) {
  if (!password) return { password: "required" };
  if (password !== again) return { again: "passwordsDiffer" };
  return {};
}

/** Whether the agent can sign in (an agent without the field is active). */
export function isActive(agent) {
  return agent.active !== false;
}

/** Active agents first, then by name. */
export function sortAgents(agents) {
  return [...agents].sort(
    (a, b) => Number(isActive(b)) - Number(isActive(a)) || a.name.localeCompare(b.name) || a.id - b.id,
  );
}
