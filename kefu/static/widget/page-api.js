/*
 * The page's JavaScript API (window.Kefu), the frame's side, as data: which
 * calls exist, their arguments checked against the server's limits
 * (kefu/schemas.py: VisitorAuthIn, VisitorSelfUpdateIn), and what of an
 * agent's message the page may see. Pure: no DOM, no network.
 *
 * A check returns {value} (what to use) or {error: {code, message}}; a
 * partial success (some attributes kept) returns both.
 */

export const METHODS = ["identify", "setAttributes", "setLocale", "setSkillGroup", "reset"];

export const LIMITS = {
  userId: 128,
  userHash: 128,
  name: 128,
  email: 255,
  locale: 32,
  skillGroup: 64,
  attributeKey: 64,
  attributeValue: 255,
  attributes: 50, // per visitor, and so per call
};

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const SKILL_GROUP = /^[A-Za-z0-9_.-]+$/;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
// What the server cannot store: NUL, and a UTF-16 half without its other half (not UTF-8).
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Length as the server counts it: code points, not UTF-16 units. */
export function textLength(text) {
  return Array.from(text).length;
}

function fail(code, message) {
  return { error: { code, message } };
}

/** A string of 1..max characters the server can store, or why not. */
function text(value, max, what) {
  if (typeof value !== "string" || !value) return what + " must be a non-empty string";
  if (UNSTORABLE.test(value)) return what + " holds characters that cannot be stored";
  if (textLength(value) > max) return what + " is longer than " + max + " characters";
  return null;
}

/**
 * identify({user_id, user_hash, name, email}). user_id (a string, or an integer made one) needs
 * its user_hash; without user_id, name and email describe the current visitor.
 */
export function checkIdentify(user) {
  if (!user || typeof user !== "object" || Array.isArray(user)) {
    return fail("invalid_argument", "identify() takes an object {user_id, user_hash, name, email}");
  }
  const value = {};
  if (user.user_id !== undefined && user.user_id !== null && user.user_id !== "") {
    const id = Number.isSafeInteger(user.user_id) ? String(user.user_id) : user.user_id;
    const problem = text(id, LIMITS.userId, "user_id") ||
      (typeof user.user_hash === "string" && /^[0-9a-fA-F]{1,128}$/.test(user.user_hash) ?
        null : "user_id needs user_hash: the hex HMAC-SHA256 of user_id, computed by your server");
    if (problem) return fail("invalid_argument", "identify(): " + problem);
    value.user_id = id;
    value.user_hash = user.user_hash.toLowerCase();
  }
  if (user.name !== undefined && user.name !== null) {
    const problem = text(user.name, LIMITS.name, "name");
    if (problem) return fail("invalid_argument", "identify(): " + problem);
    value.name = user.name;
  }
  if (user.email !== undefined && user.email !== null) {
    const problem = text(user.email, LIMITS.email, "email") ||
      (EMAIL.test(user.email) ? null : "email is not an email address");
    if (problem) return fail("invalid_argument", "identify(): " + problem);
    value.email = user.email;
  }
  if (!Object.keys(value).length) return fail("invalid_argument", "identify(): give user_id and user_hash, or a name or email");
  return { value };
}

function attributeProblem(key, v) {
  const keyProblem = text(key, LIMITS.attributeKey, "key");
  if (keyProblem) return keyProblem;
  if (v === null || typeof v === "boolean") return null;
  if (typeof v === "number") return Number.isSafeInteger(v) ? null : "a number must be a whole number";
  if (typeof v === "string") {
    if (UNSTORABLE.test(v)) return "holds characters that cannot be stored";
    return textLength(v) > LIMITS.attributeValue ? "is longer than " + LIMITS.attributeValue + " characters" : null;
  }
  return "must be a string, a whole number, true/false, or null (to remove it)";
}

/**
 * setAttributes({key: value}): values are strings (at most 255 characters), whole numbers,
 * booleans, or null to remove a key; keys 1..64 characters. `known` holds the keys already
 * set (the server keeps at most 50). The valid entries are kept even when others are not.
 */
export function checkAttributes(attributes, known) {
  if (!attributes || typeof attributes !== "object" || Array.isArray(attributes)) {
    return fail("invalid_argument", "setAttributes() takes an object {key: value}");
  }
  const have = new Set(known ? Object.keys(known) : []);
  const value = {};
  const problems = [];
  Object.keys(attributes).forEach((key) => {
    const v = attributes[key];
    const problem = attributeProblem(key, v);
    if (problem) {
      problems.push(JSON.stringify(key) + " " + problem);
      return;
    }
    if (v !== null && !have.has(key) && have.size >= LIMITS.attributes) {
      problems.push(JSON.stringify(key) + " is one attribute too many (at most " + LIMITS.attributes + ")");
      return;
    }
    if (v === null) have.delete(key);
    else have.add(key);
    value[key] = v;
  });
  const result = {};
  if (Object.keys(value).length) result.value = value;
  if (problems.length) result.error = { code: "invalid_attributes", message: "setAttributes(): " + problems.join("; ") };
  if (!result.value && !result.error) result.error = { code: "invalid_argument", message: "setAttributes(): nothing to set" };
  return result;
}

/** setLocale("en" | "zh-CN" | any BCP 47 tag; unknown languages show in English). */
export function checkLocale(locale) {
  if (typeof locale !== "string" || !LOCALE.test(locale) || locale.length > LIMITS.locale) {
    return fail("invalid_argument", 'setLocale() takes a language tag such as "en" or "zh-CN"');
  }
  return { value: locale };
}

/** setSkillGroup("sales"): a group's name (letters, digits, _ . -, at most 64). */
export function checkSkillGroup(name) {
  if (typeof name !== "string" || !SKILL_GROUP.test(name) || name.length > LIMITS.skillGroup) {
    return fail("invalid_argument", "setSkillGroup() takes a skill group's name");
  }
  return { value: name };
}

/** The calls the loader queued before the frame was ready: [[method, args]], unknown ones left out. */
export function callList(raw) {
  if (!Array.isArray(raw)) return [];
  return raw.filter((call) => Array.isArray(call) && METHODS.includes(call[0]) && Array.isArray(call[1]));
}

/**
 * What the page hears of a message (Kefu.on("message")): only an agent's, never a private
 * note (the server never sends those to a visitor; this is the second lock).
 */
export function pageMessage(m) {
  if (!m || typeof m !== "object" || !m.sender || m.sender.type !== "agent" || m.private) return null;
  if (typeof m.seq !== "number" || typeof m.conversation_id !== "number") return null;
  return {
    conversation_id: m.conversation_id,
    seq: m.seq,
    content: typeof m.content === "string" ? m.content : "",
    type: m.type || "text",
    sender: { name: typeof m.sender.name === "string" ? m.sender.name : "" },
  };
}
