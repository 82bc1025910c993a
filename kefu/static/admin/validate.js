/*
 * Checks the console makes before it sends anything: the same formats the server
 * enforces (kefu/schemas.py, kefu/settings/schema.py), so most mistakes are shown at
 * once. The server's answer stays the truth. Pure: no DOM.
 */

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const COLOR = /^#(?:[0-9a-fA-F]{3}){1,2}$/;
const SKILL = /^[A-Za-z0-9_.-]{1,64}$/;
const FIELD_NAME = /^[a-z][a-z0-9_]{0,31}$/;
const ORIGIN = /^https?:\/\/[^/\s?#@]+$/i;
const CLOCK = /^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SHORTCUT = /^\S{1,64}$/;

/** An address the server accepts for a new agent (something@host.tld). */
export function isEmail(value) {
  return EMAIL.test(String(value || "").trim());
}

/** A #rgb or #rrggbb colour, as the widget settings take. */
export function isColor(value) {
  return COLOR.test(String(value || ""));
}

/** A skill group name: 1–64 of A–Z a–z 0–9 _ . - */
export function isSkillName(value) {
  return SKILL.test(String(value || ""));
}

/** A pre-chat field name: a lower-case letter, then up to 31 of a–z 0–9 _. */
export function isFieldName(value) {
  return FIELD_NAME.test(String(value || ""));
}

/** A canned response shortcut: one word of 1–64 characters. */
export function isShortcut(value) {
  return SHORTCUT.test(String(value || ""));
}

/** A time of day HH:MM (24:00 allowed as an end). */
export function isClock(value) {
  return CLOCK.test(String(value || ""));
}

/** A real calendar date YYYY-MM-DD. */
export function isDate(value) {
  const text = String(value || "");
  if (!DAY.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A whole number from `text` within [min, max], or null. */
export function intInRange(text, min, max) {
  const value = String(text ?? "").trim();
  if (!/^-?\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/**
 * An origin as the server stores it (scheme and host, lower case), or null when `text`
 * is not one. A trailing slash, as a browser's address bar shows it, is dropped.
 */
export function normalizeOrigin(text) {
  const value = String(text || "").trim().replace(/\/$/, "");
  if (value.length > 255 || !ORIGIN.test(value)) return null;
  return value.toLowerCase();
}

/**
 * A URL a webhook may be given (kefu/events/addresses.py parse_url): http or https, a
 * host, no user name or password, 2048 characters at most. Whether the host is allowed
 * (not private) only the server can tell.
 */
export function isWebhookUrl(text) {
  const value = String(text || "").trim();
  if (!value || value.length > 2048) return false;
  let url;
  try {
    url = new URL(value);
  } catch (err) {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && !!url.hostname && !url.username && !url.password;
}
