/*
 * Reading the server's error envelope {"error": {"code", "message", "field"?}}: which form
 * field it is about, and what to say. Pure: no DOM.
 */

const QUOTED_PATH = /^'([^']+)'/;

/** The error object of an API result ({ok, status, data}), never null for a failure. */
export function errorOf(result) {
  const error = result && result.data && result.data.error;
  if (error && typeof error === "object") return error;
  if (result && result.status === 0) return { code: "network", message: "" };
  return { code: "http_" + ((result && result.status) || 0), message: "" };
}

/**
 * The request field an error is about: its `field`, else the path the validation message
 * starts with ("'widget.color': must look like …" → "widget.color"), else null.
 */
export function fieldOf(error) {
  if (!error) return null;
  if (typeof error.field === "string" && error.field) return error.field;
  if (error.code === "invalid_field" || error.code === "missing_field") {
    const match = QUOTED_PATH.exec(error.message || "");
    if (match) return match[1];
  }
  return null;
}

/**
 * The form input an error belongs to. `map` names inputs by request path ("email"), by a
 * path prefix (a key "skills" also takes "skills.0"), and by error code ("@email_taken").
 */
export function inputFor(error, map) {
  const path = fieldOf(error);
  if (path) {
    if (Object.hasOwn(map, path)) return map[path];
    const prefix = Object.keys(map)
      .filter((key) => !key.startsWith("@") && path.startsWith(key + "."))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix) return map[prefix];
  }
  if (error && Object.hasOwn(map, "@" + error.code)) return map["@" + error.code];
  return null;
}

/** What to show for an error: the console's own words for its code, else the server's. */
export function messageOf(error, T) {
  if (!error) return "";
  const own = T.serverErrors && T.serverErrors[error.code];
  return own || error.message || T.serverErrors.unknown;
}
