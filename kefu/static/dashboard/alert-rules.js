/*
 * When the dashboard alerts, as pure rules (no DOM): a conversation that became mine
 * (assigned, picked elsewhere, transferred in, redispatched) and a visitor's message in
 * one of mine that I am not looking at. Settings live in localStorage per browser.
 */

export const DEFAULT_SETTINGS = { sound: true, desktop: false };

/** The saved settings over the defaults; anything unreadable gives the defaults. */
export function readSettings(raw) {
  try {
    const saved = JSON.parse(raw || "null");
    if (!saved || typeof saved !== "object") return { ...DEFAULT_SETTINGS };
    return {
      sound: typeof saved.sound === "boolean" ? saved.sound : DEFAULT_SETTINGS.sound,
      desktop: typeof saved.desktop === "boolean" ? saved.desktop : DEFAULT_SETTINGS.desktop,
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
