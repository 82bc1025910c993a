/*
 * The dashboard's keyboard shortcuts as pure rules: which key does what, and which
 * conversation is next. Letters are read from `event.code` (the key's place), since on a
 * Mac Alt+J types "∆" into `event.key`.
 */

/** What the list on `?` shows, in order: [action, key chords] (each chord a list of keys). */
export const SHORTCUTS = [
  ["next", [["Alt", "↓"], ["Alt", "J"]]],
  ["previous", [["Alt", "↑"], ["Alt", "K"]]],
  ["focus", [["Alt", "R"]]],
  ["toggle", [["Alt", "N"], ["Ctrl", "Shift", "N"]]],
  ["close", [["Alt", "C"]]],
  ["help", [["?"]]],
];

/** True when keys typed at `target` are text (an input, a textarea, an editable element). */
export function isTyping(target) {
  if (!target) return false;
  const tag = String(target.tagName || "").toLowerCase();
  if (tag === "textarea" || tag === "select") return true;
  if (tag === "input") return !["button", "checkbox", "radio", "submit", "reset"].includes(String(target.type || "").toLowerCase());
  return !!target.isContentEditable;
}

/** The action of a keydown, or null. `typing`: the key goes into a text field. */
export function shortcutFor(event, typing) {
  const alt = event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;
  if (alt) {
    switch (event.code) {
      case "ArrowDown":
      case "KeyJ":
        return "next";
      case "ArrowUp":
      case "KeyK":
        return "previous";
      case "KeyR":
        return "focus";
      case "KeyN":
        return "toggle";
      case "KeyC":
        return "close";
      default:
        return null;
    }
  }
  if ((event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.code === "KeyN") return "toggle";
  if (!typing && event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey) return "help";
  return null;
}

/** The id `step` (+1 next, -1 previous) away from `current` in `ids`; from nothing, the
 * first (next) or the last (previous); at either end it stays. */
export function neighbour(ids, current, step) {
  if (!ids.length) return null;
  const at = ids.indexOf(current);
  if (at < 0) return step > 0 ? ids[0] : ids[ids.length - 1];
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))];
}

/** A chord as shown on this platform: Alt is ⌥ and Ctrl is ⌘ on a Mac. */
export function chordText(keys, mac) {
  return keys.map((k) => (mac && k === "Alt" ? "⌥" : mac && k === "Ctrl" ? "⌘" : k));
}
