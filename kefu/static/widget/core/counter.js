/*
 * The composer's length limit, counted as the server counts (Unicode code
 * points, KEFU_MAX_MESSAGE_CHARS): when to show a counter, when to refuse. Pure.
 */

export const DEFAULT_MAX_CHARS = 5000;
// The counter shows from this share of the limit on: nobody needs it for a short message.
const SHOW_FROM = 0.9;

/** Characters as the server counts them: an emoji is one, not two UTF-16 units. */
export function charCount(text) {
  return Array.from(String(text || "")).length;
}

/** The limit from the widget config, else the server's default. */
export function messageLimit(site) {
  const limit = site && site.max_message_chars;
  return Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_MAX_CHARS;
}

/** {count, limit, remaining, show, over}: over means sending is refused. */
export function counterState(text, limit) {
  const count = charCount(text);
  return {
    count,
    limit,
    remaining: limit - count,
    show: count >= Math.floor(limit * SHOW_FROM),
    over: count > limit,
  };
}
