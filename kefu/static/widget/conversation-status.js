/*
 * What the widget says about the visitor's conversation: header, status
 * line, composer placeholder, and whether to ask for a rating. Pure.
 */

// A visitor who comes back days later is not asked about an old chat.
const RATING_WINDOW_MS = 24 * 3600 * 1000;

/** The texts for `conv` (null before the first message) in strings `T`. */
export function conversationStatus(conv, T, configTitle) {
  const status = conv ? conv.status : null;
  const agentName = status === "open" && conv.agent ? conv.agent.name || null : null;
  let line = "";
  if (status === "queued") {
    line = conv.queue_position ? T.queue(conv.queue_position) : T.queueNoPosition;
    if (typeof conv.estimated_wait_seconds === "number") line += " " + T.wait(conv.estimated_wait_seconds);
  } else if (agentName) {
    line = T.assigned(agentName);
  }
  let subtitle = T.subtitleIdle;
  if (agentName) subtitle = T.subtitleOpen;
  else if (status === "queued") subtitle = T.subtitleQueued;
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
