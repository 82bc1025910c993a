/*
 * When the dashboard alerts, as pure rules (no DOM): a conversation that became mine
 * (assigned, picked elsewhere, transferred in, redispatched), a visitor's message in
 * one of mine that I am not looking at, and the chime repeated while something stays
 * unread (an option, off by default). Settings live in localStorage per browser.
 */

/** How often "repeat until read" may chime, in seconds. */
export const REPEAT_CHOICES = [15, 30, 60, 120];

export const DEFAULT_SETTINGS = { sound: true, desktop: false, repeat: false, repeatSeconds: 30 };

/** The saved settings over the defaults; anything unreadable gives the defaults. */
export function readSettings(raw) {
  try {
    const saved = JSON.parse(raw || "null");
    if (!saved || typeof saved !== "object") return { ...DEFAULT_SETTINGS };
    const bool = (key) => (typeof saved[key] === "boolean" ? saved[key] : DEFAULT_SETTINGS[key]);
    return {
      sound: bool("sound"),
      desktop: bool("desktop"),
      repeat: bool("repeat"),
      repeatSeconds: REPEAT_CHOICES.includes(saved.repeatSeconds) ? saved.repeatSeconds : DEFAULT_SETTINGS.repeatSeconds,
    };
  } catch (err) {
    return { ...DEFAULT_SETTINGS };
  }
}

/** True when `conv` (an event) makes a conversation mine that was not an open one of mine. */
export function becameMine(conv, before, meId) {
  const mine = !!conv && conv.status === "open" && !!conv.agent && conv.agent.id === meId;
  return mine && (!before || !!before.ended);
}

/** True when a visitor's message needs my attention: in one of mine, not in front of me,
 * and newer than what the conversation's own alert covered (`entry.alertedThrough`, the
 * last seq when it became mine: its first message does not chime twice). */
export function needsAttention(message, entry, view) {
  if (!message || !entry || entry.ended || !message.sender || message.sender.type !== "visitor") return false;
  if (typeof message.seq === "number" && message.seq <= (entry.alertedThrough || 0)) return false;
  return !view.visible || !view.focused || view.selectedId !== entry.id;
}

/** True when "repeat until read" should chime again: the option and the sound are on,
 * something is unread, and the last chime is `repeatSeconds` old. */
export function repeatDue(settings, unread, lastChimeAt, now) {
  if (!settings.sound || !settings.repeat || unread <= 0) return false;
  return now - lastChimeAt >= settings.repeatSeconds * 1000;
}
