/*
 * Small DOM helpers. User content is only ever put into the page with
 * textContent / text nodes, never as HTML.
 */

import { splitLinks } from "./links.js";

export function $(id) {
  return document.getElementById(id);
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** Text with http(s) links made clickable, as DOM nodes (never HTML strings). */
export function richText(text) {
  const fragment = document.createDocumentFragment();
  splitLinks(text).forEach((piece) => {
    if (piece.text !== undefined) {
      fragment.appendChild(document.createTextNode(piece.text));
      return;
    }
    const a = el("a", null, piece.url);
    a.href = piece.url;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow ugc";
    fragment.appendChild(a);
  });
  return fragment;
}

/** Whether a scroll container is (about) at its bottom: new messages keep it pinned there. */
export function isNearBottom(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
}

export function scrollToBottom(scroller) {
  scroller.scrollTop = scroller.scrollHeight;
}

/** Let a textarea grow with its content up to its CSS max-height. */
export function autoGrow(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = textarea.scrollHeight + "px";
}

/** Enter sends; Shift+Enter adds a line, and Enter inside an IME composition picks a word. */
export function isSendKey(event) {
  return event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229;
}

/**
 * Mark option `index` of a listbox `list` as the active one for the composer `input`
 * (aria-selected, aria-activedescendant) and scroll it into view; -1 marks none.
 */
export function markActiveOption(list, input, index) {
  Array.from(list.children).forEach((li, i) => {
    const on = i === index;
    li.classList.toggle("is-active", on);
    li.setAttribute("aria-selected", on ? "true" : "false");
    if (on) {
      input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    }
  });
}
