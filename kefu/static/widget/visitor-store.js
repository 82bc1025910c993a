/*
 * The visitor's credentials, kept in localStorage so a returning visitor
 * resumes their conversations. Every access may throw (storage disabled).
 */

const STORE_KEY = "kefu.visitor";
const PRECHAT_KEY = "kefu.prechat";

export function readStored() {
  try {
    const raw = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    if (raw && typeof raw.visitor_id === "string" && typeof raw.visitor_secret === "string") return raw;
  } catch (err) {
    /* unreadable: start fresh */
  }
  return null;
}

export function writeStored(visitorId, secret) {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify({ visitor_id: visitorId, visitor_secret: secret }));
  } catch (err) {
    /* storage disabled: this visitor lasts as long as the page */
  }
}

export function clearStored() {
  try {
    localStorage.removeItem(STORE_KEY);
    localStorage.removeItem(PRECHAT_KEY); // a new visitor has not answered it
  } catch (err) {
    /* ignore */
  }
}

/** Whether this browser's visitor answered the pre-chat form already. */
export function readPrechatDone() {
  try {
    return localStorage.getItem(PRECHAT_KEY) === "1";
  } catch (err) {
    return false;
  }
}

export function writePrechatDone() {
  try {
    localStorage.setItem(PRECHAT_KEY, "1");
  } catch (err) {
    /* storage disabled: asked again on the next page */
  }
}
