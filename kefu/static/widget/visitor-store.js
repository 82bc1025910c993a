/*
 * The visitor's credentials, kept in localStorage so a returning visitor
 * resumes their conversations. Every access may throw: a browser that refuses
 * a third-party frame its storage (Safari, or Chrome with third-party cookies
 * blocked) keeps them in this page's memory, so a new token (the old one
 * expired, or the server refused it) still resumes the same visitor.
 */

const STORE_KEY = "kefu.visitor";
const PRECHAT_KEY = "kefu.prechat";

let inMemory = null; // this page's visitor, where storage is refused

function valid(raw) {
  return !!raw && typeof raw.visitor_id === "string" && typeof raw.visitor_secret === "string";
}

export function readStored() {
  let text;
  try {
    text = localStorage.getItem(STORE_KEY);
  } catch (err) {
    return inMemory; // storage refused
  }
  try {
    const raw = JSON.parse(text || "null");
    if (valid(raw)) return raw;
  } catch (err) {
    /* unreadable: start fresh */
  }
  return null;
}

export function writeStored(visitorId, secret) {
  const credentials = { visitor_id: visitorId, visitor_secret: secret };
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(credentials));
    inMemory = null;
  } catch (err) {
    inMemory = credentials; // the visitor lasts as long as the page
  }
}

export function clearStored() {
  inMemory = null;
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
