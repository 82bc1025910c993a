/*
 * "@" in a private note: a list of colleagues under the composer (from the directory,
 * narrowed as the agent types; arrows + Enter/Tab or a click choose), which inserts
 * "@Name" and remembers who that is, so the note is sent with their ids (mentions.js).
 */

import { autoGrow, el, markActiveOption } from "../widget/core/dom.js";
import { initials } from "../widget/core/format.js";
import { loadDirectory } from "./agents.js";
import { moveIndex, suggestionKey } from "./canned.js";
import { T } from "./i18n.js";
import { insertMention, matchAgents, mentionQuery, mentionedIds } from "./mentions.js";
import { state } from "./state.js";

/**
 * Wire the suggestions to the composer `input`; `isActive()` says whether "@" may ask
 * (a note in one of my conversations). Returns its handlers and `idsIn(text)`: the
 * colleagues a note with that text mentions.
 */
export function bindMentionSuggestions(input, isActive) {
  const box = el("div", "canned-suggest mention-suggest");
  box.id = "mention-suggest";
  box.hidden = true;
  const list = el("ul", "canned-list mention-list");
  list.id = "mention-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", T.mentionListLabel);
  box.append(list, el("p", "canned-hint", T.mentionHint));
  input.form.insertBefore(box, input.form.firstChild);

  // Colleagues chosen on this page (id -> name): a draft keeps its mentions across
  // conversation switches and an edited failed note; the text decides who stays.
  const chosen = new Map();
  let shown = [];
  let active = -1;
  let at = null;

  function close() {
    if (box.hidden) return;
    box.hidden = true;
    list.textContent = "";
    shown = [];
    active = -1;
    at = null;
    input.removeAttribute("aria-activedescendant");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "canned-list");
  }

  function highlight() {
    markActiveOption(list, input, active);
  }

  function choose(agent) {
    const next = insertMention(input.value, at, agent.name);
    chosen.set(agent.id, agent.name);
    input.value = next.text;
    autoGrow(input);
    close();
    input.focus();
    input.setSelectionRange(next.caret, next.caret);
  }

  function item(agent, i) {
    const li = el("li", "canned-item mention-item");
    li.id = "mention-option-" + agent.id;
    li.dataset.testid = "mention-item";
    li.dataset.agentId = String(agent.id);
    li.setAttribute("role", "option");
    const avatar = el("span", "avatar avatar--sm mention-avatar", initials(agent.name));
    avatar.setAttribute("aria-hidden", "true");
    const status = el("span", "mention-status", (T.agentStatus || {})[agent.status] || "");
    status.dataset.status = agent.status || "offline";
    li.append(avatar, el("span", "mention-name", agent.name), status);
    // mousedown, not click: the composer keeps its focus.
    li.addEventListener("mousedown", (event) => {
      event.preventDefault();
      choose(shown[i]);
    });
    return li;
  }

  function render() {
    shown = matchAgents(Array.from(state.agents.values()), at.query, state.me && state.me.id);
    list.textContent = "";
    if (!shown.length) {
      list.appendChild(el("li", "canned-empty", T.mentionNone));
      active = -1;
    } else {
      shown.forEach((agent, i) => list.appendChild(item(agent, i)));
      active = Math.min(Math.max(active, 0), shown.length - 1);
    }
    box.hidden = false;
    input.setAttribute("aria-controls", "mention-list");
    input.setAttribute("aria-expanded", "true");
    highlight();
  }

  function onInput() {
    at = isActive() ? mentionQuery(input.value, input.selectionStart) : null;
    if (!at) {
      close();
      return;
    }
    if (!state.agents.size) {
      loadDirectory().then(() => {
        if (at) render();
      });
    }
    render();
  }

  /** True when the key was the suggestions' (the composer must not act on it). */
  function onKeydown(event) {
    const action = suggestionKey(event, !box.hidden, shown.length);
    if (!action) return false;
    event.preventDefault();
    if (action === "close") close();
    else if (action === "choose") choose(shown[Math.max(active, 0)]);
    else {
      active = moveIndex(active, action === "down" ? 1 : -1, shown.length);
      highlight();
    }
    return true;
  }

  function idsIn(text) {
    return mentionedIds(text, Array.from(chosen, ([id, name]) => ({ id, name })));
  }

  return { onInput, onKeydown, onBlur: close, close, idsIn };
}
