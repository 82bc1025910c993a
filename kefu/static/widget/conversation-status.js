/*
 * What the widget says about the visitor's conversation: header, status
 * line, composer placeholder, and whether to ask for a rating. Pure.
 */

// A visitor who comes back days later is not asked about an old chat.
const RATING_WINDOW_MS = 24 * 3600 * 1000;
// An estimate this far out rests on too little (a quiet hour's rate): better none.
const MAX_MEANINGFUL_WAIT_S = 4 * 3600;

/**
 * Whether someone can answer, from the widget config `site` (null: not known, say the
 * server did not answer): the visitor's own skill group's answer when the server gave one.
 */
export function isOnline(site) {
  if (!site) return null;
  if (typeof site.group_online === "boolean") return site.group_online;
  return typeof site.online === "boolean" ? site.online : null;
}

/**
 * True while `conv` waits in line and nobody could answer it now: the server said so for
 * it (`agents_available`, which knows its skill group), or the site's answer (read every
 * minute) says nobody is online.
 */
export function nobodyToAnswer(conv, site) {
  if (!conv || conv.status !== "queued") return false;
  return conv.agents_available === false || isOnline(site || null) === false;
}

function idleSubtitle(site, T) {
  const online = isOnline(site);
  if (online === null) return T.subtitleIdle;
  if (online) return (site.reply_time || "").trim() || T.subtitleIdle;
  return site.within_hours === false ? T.subtitleAfterHours : T.subtitleAway;
}

function meaningfulWait(seconds) {
  return typeof seconds === "number" && isFinite(seconds) && seconds >= 0 && seconds <= MAX_MEANINGFUL_WAIT_S;
}

/** The texts for `conv` (null before the first message) in strings `T`; `site` as isOnline takes it. */
export function conversationStatus(conv, T, configTitle, site) {
  const status = conv ? conv.status : null;
  const nobody = nobodyToAnswer(conv, site);
  const agentName = status === "open" && conv.agent ? conv.agent.name || null : null;
  let line = "";
  if (status === "queued") {
    line = conv.queue_position ? T.queue(conv.queue_position) : T.queueNoPosition;
    // Nobody online: no promise of "shortly", and an estimate would be made up.
    if (nobody) line = conv.queue_position ? T.queueOffline(conv.queue_position) : T.queueNobody;
    else if (meaningfulWait(conv.estimated_wait_seconds)) line = T.joinSentences(line, T.wait(conv.estimated_wait_seconds));
  } else if (status === "pending") {
    line = T.pendingLine;
  } else if (agentName) {
    line = T.assigned(agentName);
  }
  let subtitle = idleSubtitle(site || null, T);
  if (agentName) subtitle = T.subtitleOpen;
  else if (status === "queued") subtitle = nobody ? T.subtitleAway : T.subtitleQueued;
  else if (status === "pending") subtitle = T.subtitlePending;
  else if (status === "closed") subtitle = T.subtitleClosed;
  return {
    kind: status || "",
    agentName, // set while an agent is chatting: the header shows them
    title: agentName || configTitle || T.title,
    subtitle,
    line,
    placeholder: status === "closed" ? T.placeholderClosed : T.placeholder,
  };
}

/** True when `conv` closed less than a day before `now`: the rating form (or its thanks) shows. */
export function isRecentlyClosed(conv, now) {
  if (!conv || conv.status !== "closed") return false;
  const closedAt = conv.closed_at ? Date.parse(conv.closed_at) : now;
  return now - closedAt < RATING_WINDOW_MS;
}
