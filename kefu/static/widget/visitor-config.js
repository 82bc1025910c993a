/*
 * The widget's configuration from the host page, and the body of a visitor
 * auth request built from it. Pure: no DOM, no storage.
 */

const CONFIG_KEYS = ["skill_group", "name", "email", "user_id", "user_hash", "locale", "title", "color",
  "position", "page_url", "referrer"];
const DEFAULT_COLOR = "#2563eb";

// The server's field limits: longer values would refuse the whole request.
const PROFILE_LIMITS = { name: 128, email: 255, locale: 32, page_url: 2048, referrer: 2048 };
const SKILL_GROUP_LIMIT = 64;

/** Keep only known, non-empty string settings, each at most 2 KB. */
export function sanitizeConfig(raw) {
  const out = {};
  CONFIG_KEYS.forEach((key) => {
    if (typeof raw[key] === "string" && raw[key]) out[key] = raw[key].slice(0, 2048);
  });
  return out;
}

/** True for a #rgb or #rrggbb colour. */
export function isHexColor(value) {
  return /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(value || "");
}

/**
 * The colour and side the widget shows: the embedding page's own data-color and
 * data-position win, else the admin's settings (GET /api/widget/config, or
 * pushed when changed), else the defaults.
 */
export function effectiveLooks(config, site) {
  const admin = site || {};
  let color = DEFAULT_COLOR;
  if (isHexColor(config.color)) color = config.color;
  else if (isHexColor(admin.color)) color = admin.color;
  let position = admin.position === "left" ? "left" : "right";
  if (config.position === "left" || config.position === "right") position = config.position;
  return { color, position };
}

/**
 * The body of POST /api/visitor/auth. `stored` is the remembered {visitor_id,
 * visitor_secret} (or null); `use` says which parts to send, since a retry
 * leaves out what the server refused.
 */
export function authBody(config, stored, use) {
  const body = {};
  if (use.profile) {
    Object.keys(PROFILE_LIMITS).forEach((key) => {
      if (config[key]) body[key] = config[key].slice(0, PROFILE_LIMITS[key]);
    });
  }
  if (use.skill && config.skill_group) body.skill_group = config.skill_group.slice(0, SKILL_GROUP_LIMIT);
  if (config.user_id && config.user_hash) {
    body.user_id = config.user_id;
    body.user_hash = config.user_hash;
  } else if (use.stored && stored) {
    body.visitor_id = stored.visitor_id;
    body.visitor_secret = stored.visitor_secret;
  }
  return body;
}
