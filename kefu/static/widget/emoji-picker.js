/*
 * A small emoji picker beside the composer: a grid of buttons with one tab
 * stop (arrow keys, Home and End move; Enter or a click inserts at the caret;
 * Escape or a click elsewhere closes).
 */

import { $, el } from "./core/dom.js";
import { EMOJI } from "./emoji-list.js";
import { languageOf } from "./i18n.js";
import { state } from "./state.js";

const COLUMNS = 8;
const MOVES = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };

/** One button per emoji, named in the visitor's language. */
export function buildEmoji() {
  const grid = $("emoji-grid");
  const zh = languageOf(state.config.locale) === "zh";
  grid.textContent = "";
  EMOJI.forEach(([char, en, zhName], i) => {
    const button = el("button", "kw-emoji-btn", char);
    button.type = "button";
    button.dataset.emoji = char;
    button.setAttribute("aria-label", zh ? zhName : en);
    button.title = zh ? zhName : en;
    button.tabIndex = i === 0 ? 0 : -1;
    grid.appendChild(button);
  });
  $("emoji-panel").setAttribute("aria-label", state.T.emojiPanel);
  $("emoji-toggle").setAttribute("aria-label", state.T.emoji);
}

function buttons() {
  return Array.from($("emoji-grid").querySelectorAll(".kw-emoji-btn"));
}

function isOpen() {
  return !$("emoji-panel").hidden;
}

function open() {
  $("emoji-panel").hidden = false;
  $("emoji-toggle").setAttribute("aria-expanded", "true");
  const current = buttons().find((b) => b.tabIndex === 0);
  if (current) current.focus();
}

/** Close the picker; focus goes to `focusTarget` if given. */
export function closeEmoji(focusTarget) {
  if (!isOpen()) return;
  $("emoji-panel").hidden = true;
  $("emoji-toggle").setAttribute("aria-expanded", "false");
  if (focusTarget) focusTarget.focus();
}

function insert(text) {
  const input = $("input");
  input.focus();
  input.setRangeText(text, input.selectionStart, input.selectionEnd, "end");
  // The counter, the height and the typing indicator follow the text as if typed.
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function move(from, key) {
  const all = buttons();
  const index = all.indexOf(from);
  let next = index;
  if (key === "Home") next = 0;
  else if (key === "End") next = all.length - 1;
  else next = index + MOVES[key];
  if (next < 0 || next >= all.length) return;
  from.tabIndex = -1;
  all[next].tabIndex = 0;
  all[next].focus();
}

export function bindEmoji() {
  const toggle = $("emoji-toggle");
  const panel = $("emoji-panel");
  toggle.addEventListener("click", () => {
    if (isOpen()) closeEmoji(toggle);
    else open();
  });
  $("emoji-grid").addEventListener("click", (event) => {
    const button = event.target.closest(".kw-emoji-btn");
    if (!button) return;
    buttons().forEach((b) => {
      b.tabIndex = b === button ? 0 : -1;
    });
    closeEmoji();
    insert(button.dataset.emoji);
  });
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      // The picker closes, not the whole chat.
      event.preventDefault();
      event.stopPropagation();
      closeEmoji(toggle);
      return;
    }
    const button = event.target.closest(".kw-emoji-btn");
    if (button && (MOVES[event.key] || event.key === "Home" || event.key === "End")) {
      event.preventDefault();
      move(button, event.key);
    }
  });
  document.addEventListener("pointerdown", (event) => {
    if (isOpen() && !panel.contains(event.target) && !toggle.contains(event.target)) closeEmoji();
  });
}
