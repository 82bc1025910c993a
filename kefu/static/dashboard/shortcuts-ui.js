/*
 * Keyboard shortcuts on the whole page (shortcuts.js has the rules) and their list on `?`.
 * A key the composer already handled (defaultPrevented) is left alone.
 */

import { $, el } from "../widget/core/dom.js";
import { closeSelected } from "./actions.js";
import { NOTE, REPLY } from "./compose-mode.js";
import { T } from "./i18n.js";
import { compareMine } from "./labels.js";
import { isNoteMode, setMode } from "./replies.js";
import { select } from "./selection.js";
import { chordText, isTyping, neighbour, SHORTCUTS, shortcutFor } from "./shortcuts.js";
import { state } from "./state.js";

const MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || "");

function composerOpen() {
  return !$("chat-pane").hidden && !$("reply-form").hidden;
}

function focusComposer() {
  if (composerOpen()) $("reply-input").focus();
}

function step(by) {
  const ids = Array.from(state.convs.values()).sort(compareMine).map((entry) => entry.id);
  const current = state.selected && state.selected.kind === "mine" ? state.selected.id : null;
  const id = neighbour(ids, current, by);
  if (id !== null && id !== current) select("mine", id);
}

const ACTIONS = {
  next: () => step(1),
  previous: () => step(-1),
  focus: focusComposer,
  toggle: () => {
    if (!composerOpen()) return;
    setMode(isNoteMode() ? REPLY : NOTE);
    focusComposer();
  },
  close: closeSelected,
  help: () => openList(),
};

function renderList() {
  $("shortcuts-title").textContent = T.shortcutsTitle;
  $("shortcuts-done").textContent = T.shortcutsDone;
  const list = $("shortcuts-list");
  list.textContent = "";
  SHORTCUTS.forEach(([action, chords]) => {
    const keys = el("dd", "shortcut-keys");
    chords.forEach((chord, i) => {
      if (i) keys.append(el("span", "shortcut-or", T.shortcutsOr));
      chordText(chord, MAC).forEach((k) => keys.append(el("kbd", null, k)));
    });
    list.append(el("dt", null, T.shortcutNames[action]), keys);
  });
}

function openList() {
  const dialog = $("shortcuts-dialog");
  if (dialog.open) return;
  renderList();
  dialog.showModal();
}

function onKeydown(event) {
  if (event.defaultPrevented || event.repeat && event.code !== "ArrowDown" && event.code !== "ArrowUp") return;
  // Another dialog (transfer, canned responses) owns the keys while it is open.
  if (document.querySelector("dialog[open]:not(#shortcuts-dialog)")) return;
  if ($("app-view").hidden) return;
  const action = shortcutFor(event, isTyping(event.target));
  if (!action) return;
  event.preventDefault();
  ACTIONS[action]();
}

export function bindShortcuts() {
  document.addEventListener("keydown", onKeydown);
  $("shortcuts-open").addEventListener("click", openList);
  $("shortcuts-open").setAttribute("aria-label", T.shortcutsTitle);
  $("shortcuts-open").title = T.shortcutsTitle + " (?)";
  $("shortcuts-done").addEventListener("click", () => $("shortcuts-dialog").close());
}
