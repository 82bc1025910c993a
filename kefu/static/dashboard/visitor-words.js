/*
 * The visitor panel's fields as words: pure functions of their input and a string table
 * (visitor-strings.js), unit-tested in tests/js/visitor-words.test.mjs.
 */

/**
 * The server's route_reason (kefu/dispatch/decide.py, router.py, chat/conversations.py,
 * chat/agent_loss.py) as a sentence. `nameOf(id)` names an agent by id, if known. An unknown
 * reason is shown as the server wrote it; none gives null.
 */
export function routeSentence(reason, words, nameOf) {
  const R = words.route;
  const text = String(reason || "").trim();
  if (!text) return null;
  const agent = (id) => (nameOf && nameOf(Number(id))) || R.agentNumber(id);
  let m = /^least loaded \((\d+)\/(\d+)\)(?:, widened beyond (.+))?$/.exec(text);
  if (m) return R.leastLoaded(Number(m[1]), Number(m[2])) + (m[3] ? R.widened(m[3]) : "");
  if (text === "returning visitor: previous agent") return R.returning;
  if (text === "next in ranking after a race") return R.nextInRanking;
  if (text === "no eligible agent") return R.waiting;
  if ((m = /^no eligible agent in (.+)$/.exec(text))) return R.waitingGroup(m[1]);
  // "the <group> team" first: an agent's name is the other case of "transferred to".
  if ((m = /^transferred to the (.+) team$/.exec(text))) return R.toGroup(m[1]);
  if ((m = /^transferred to (.+)$/.exec(text))) return R.toAgent(m[1]);
  if ((m = /^picked by (.+)$/.exec(text))) return R.picked(m[1]);
  if ((m = /^agent (\d+) offline past the grace period$/.exec(text))) return R.agentLost(agent(m[1]));
  if ((m = /^agent (\d+) deactivated$/.exec(text))) return R.agentLeft(agent(m[1]));
  return text;
}

/** Queue priority in words; null for the usual 0 (nothing worth a line). */
export function priorityWords(priority, words) {
  const p = Number(priority) || 0;
  if (p > 0) return words.priority.high(p);
  if (p < 0) return words.priority.low(p);
  return null;
}

// ua-parser's families (the server's `device`) as people call them.
const BROWSERS = {
  "Chrome Mobile": "Chrome",
  "Chrome Mobile iOS": "Chrome",
  "Edge": "Microsoft Edge",
  "Edge Mobile": "Microsoft Edge",
  "Firefox Mobile": "Firefox",
  "Firefox iOS": "Firefox",
  "Mobile Safari": "Safari",
  "Samsung Internet": "Samsung Internet",
  "Opera Mobile": "Opera",
  "HeadlessChrome": "Headless Chrome",
};
const BROWSER_WORDS = {
  "WeChat": "weChat",
  "WeChat Browser": "weChat",
  "QQ Browser": "qqBrowser",
  "QQ Browser Mobile": "qqBrowser",
  "UC Browser": "ucBrowser",
};
const WEBVIEWS = new Set(["Chrome Mobile WebView", "Mobile Safari UI/WKWebView"]);
const SYSTEMS = { "Ubuntu": "Ubuntu Linux" };
const COMPUTERS = new Set(["Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS", "Fedora", "Debian"]);
const DEVICES = { "Generic Smartphone": "phone", "Generic Tablet": "tablet", "K": "phone" };

/** "Chrome 120" -> ["Chrome", "120"]. */
function splitVersion(text) {
  const m = /^(.*?)(?:\s+(\d+(?:\.\d+)*))?$/.exec(String(text || "").trim());
  return m ? [m[1], m[2] || ""] : ["", ""];
}

function browserWords(text, words, userAgent) {
  // WeChat's browser on Android reads as a plain WebView to ua-parser; its own token says more.
  const weChat = /MicroMessenger\/(\d+)/.exec(userAgent || "");
  if (weChat) return words.device.weChat + " " + weChat[1];
  const [family, version] = splitVersion(text);
  if (!family) return "";
  if (WEBVIEWS.has(family)) return words.device.webview;
  const name = BROWSER_WORDS[family] ? words.device[BROWSER_WORDS[family]] : BROWSERS[family] || family;
  return version ? name + " " + version : name;
}

function systemWords(text, words) {
  const [family, version] = splitVersion(text);
  if (!family) return "";
  // Numbers that would mislead: a Mac's browser says 10.15 whatever the macOS, Windows 11
  // says 10, ChromeOS gives its build.
  if (family === "Mac OS X") return "macOS";
  if (family === "Chrome OS") return "ChromeOS";
  if (family === "Windows" && version === "10") return words.device.windows10;
  const name = SYSTEMS[family] || family;
  return version ? name + " " + version : name;
}

function deviceName(device, system, words) {
  const family = splitVersion(system)[0];
  if (!device) return COMPUTERS.has(family) ? words.device.computer : "";
  if (device === "Mac" || device === "Other") return words.device.computer;
  if (DEVICES[device]) return words.device[DEVICES[device]];
  return device;
}

/** The server's {browser, os, device} (and the raw User-Agent) as "Chrome 120 on Windows
 * 10 or 11 · computer"; "" when nothing is known. */
export function deviceWords(device, words, userAgent) {
  if (!device) return "";
  const browser = browserWords(device.browser, words, userAgent);
  const system = systemWords(device.os, words);
  let text = browser && system ? words.device.sentence(browser, system) : browser || system;
  const kind = deviceName(device.device, device.os, words);
  if (kind) text = text ? words.device.withDevice(text, kind) : kind;
  return text;
}

/** A valid IANA zone the page told us about (setAttributes: timezone, time_zone or tz). */
export function visitorZone(visitor) {
  const a = (visitor && visitor.attributes) || {};
  const zone = (visitor && visitor.timezone) || a.timezone || a.time_zone || a.tz;
  if (typeof zone !== "string" || !zone) return null;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch (err) {
    return null;
  }
}

/** "14:05 (Asia/Shanghai)" at `now` (ms) in the visitor's zone; null when unknown. */
export function localTime(visitor, now, locale, words) {
  const zone = visitorZone(visitor);
  if (!zone) return null;
  const time = new Date(now).toLocaleTimeString(locale || "en", { timeZone: zone, hour: "2-digit", minute: "2-digit" });
  return words.localTime(time, zone);
}

/** "Mar 3, 2026": the day a conversation started. */
export function conversationDate(iso, locale) {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return "";
  try {
    return d.toLocaleDateString(locale || "en", { year: "numeric", month: "short", day: "numeric" });
  } catch (err) {
    return d.toDateString();
  }
}

/** The first thing said in a conversation, on one line: the visitor's first words, else the
 * first message anyone wrote (a file by its name); null when there is none. */
export function firstLine(messages) {
  const said = (messages || []).filter((m) => m.sender && m.sender.type !== "system" && !m.private);
  const first = said.find((m) => m.sender.type === "visitor") || said[0];
  if (!first) return null;
  const text = first.content || (first.attachment ? "📎 " + (first.attachment.name || "") : "");
  return String(text).replace(/\s+/g, " ").trim() || null;
}

/** What a row of the earlier conversations shows: date, agent, rating (or "open now") and
 * the first line (`line`: undefined while unknown). */
export function earlierSummary(conv, line, words, locale) {
  const E = words.earlier;
  const date = conversationDate(conv.created_at, locale);
  const agent = conv.agent ? conv.agent.name : E.noAgent;
  let state = conv.rating ? "★ " + E.rated(conv.rating) : E.unrated;
  if (conv.status !== "closed") state = E.open;
  return {
    date,
    agent,
    state,
    line: line === undefined ? "" : line || E.noText,
    label: E.item(date, agent),
  };
}
