/*
 * The widget's forms as data: which card the chat shows (the offline form,
 * the pre-chat form, the offline thanks), the pre-chat fields from the team's
 * settings, checking what was typed, and where each answer goes. Pure.
 */

import { isOnline, nobodyToAnswer } from "./conversation-status.js";
import { localized } from "./i18n.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Answers that go into the visitor's profile through auth; the others become attributes.
const PROFILE = new Set(["name", "email", "skill_group"]);

/**
 * "offline" | "prechat" | "thanks" | null for the chat's state:
 * {site, config (the page's: an identified user, a skill group), conv, convKnown (the current
 *  conversation, or that there is none, is known), prechatDone, offlineSent}.
 */
export function panelFor(s) {
  const status = s.conv ? s.conv.status : null;
  const config = s.config || {};
  if (s.offlineSent && (!status || status === "pending")) return "thanks";
  // In line with nobody to answer: offer to leave an email too (it joins this conversation).
  if (nobodyToAnswer(s.conv, s.site)) return s.offlineSent ? "thanks" : "offline";
  if (status && status !== "closed") return null; // a live conversation goes on whoever is online
  if (isOnline(s.site) === false) return "offline";
  // The form comes before a first conversation, and never to a user the site identified.
  if (!s.convKnown || s.conv || config.user_id || s.prechatDone) return null;
  return prechatFields(s.site, config, {}).length ? "prechat" : null;
}

/**
 * The pre-chat form's fields: the team's (labels in `locale`), then a topic choice when the
 * widget offers skill groups and the page named none. [] when the form is off.
 * Each: {name, label, type: "text"|"email"|"select", required, options: [{value, label}]}.
 */
export function prechatFields(site, config, T, locale) {
  const prechat = site && site.prechat;
  if (!prechat || !prechat.enabled) return [];
  const fields = (Array.isArray(prechat.fields) ? prechat.fields : []).filter((f) => f && typeof f.name === "string")
    .map((f) => ({
      name: f.name,
      label: localized(f.label, locale) || f.name,
      type: ["text", "email", "select"].includes(f.type) ? f.type : "text",
      required: !!f.required,
      options: (Array.isArray(f.options) ? f.options : []).map((o) => ({ value: String(o), label: String(o) })),
    }));
  const groups = Array.isArray(site.skill_groups) ? site.skill_groups.filter((g) => g && g.name) : [];
  if (groups.length && !config.skill_group && !fields.some((f) => f.name === "skill_group")) {
    fields.push({
      name: "skill_group",
      label: T.prechatTopic,
      type: "select",
      required: true,
      options: groups.map((g) => ({ value: g.name, label: localized(g.label, locale) || g.name })),
    });
  }
  return fields;
}

/** Why `value` does not do for `field` ({type, required}): null, "required" or "email". */
export function fieldProblem(field, value) {
  const text = String(value || "").trim();
  if (!text) return field.required ? "required" : null;
  if (field.type === "email" && !EMAIL.test(text)) return "email";
  return null;
}

/** Pre-chat answers split: {profile: {name, email, skill_group}, attributes: {other: value}}. */
export function splitAnswers(values) {
  const profile = {};
  const attributes = {};
  Object.keys(values).forEach((key) => {
    const value = String(values[key] || "").trim();
    if (!value) return;
    if (PROFILE.has(key)) profile[key] = value;
    else attributes[key] = value.slice(0, 255);
  });
  return { profile, attributes };
}
