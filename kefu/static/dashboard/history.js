/*
 * History: closed conversations, newest first, searched by name, email and
 * message text (GET /api/conversations?status=closed&q=), a page at a time.
 * Opening one shows it read-only in the chat pane (the preview, as for a
 * waiting visitor).
 */

import { $ } from "../widget/core/dom.js";
import { formatAge, initials } from "../widget/core/format.js";
import { T } from "./i18n.js";
import { visitorName } from "./labels.js";
import { api } from "./session.js";
import { KeyedList, itemSkeleton } from "./views.js";

const PER_PAGE = 20;
const SEARCH_DELAY_MS = 300;

const found = new Map(); // id -> conversation, in the order shown
let list = null;
let onOpen = () => {};
let query = "";
let page = 0;
let total = 0;
let asked = 0; // the newest request: older answers are dropped
let searchTimer = null;
let selectedId = null;

/** The query string of one page of closed conversations matching `text`. */
export function historyQuery(text, pageNumber) {
  const params = new URLSearchParams({ status: "closed", page: String(pageNumber), per_page: String(PER_PAGE) });
  const q = (text || "").trim();
  if (q) params.set("q", q);
  return "/api/conversations?" + params.toString();
}

export function historyConversation(id) {
  return found.get(id) || null;
}

function build(id) {
  const { li, avatar, sub } = itemSkeleton(id, "conv-item conv-item--history", onOpen);
  avatar.classList.add("avatar--closed");
  sub.classList.add("conv-meta");
  return li;
}

function fill(li, row) {
  const conv = row.conv;
  const name = visitorName(conv);
  li.querySelector(".avatar").textContent = initials(name);
  li.querySelector(".conv-name").textContent = name;
  li.querySelector(".conv-age").textContent = formatAge(conv.closed_at || conv.created_at, undefined, T.age);
  li.querySelector(".conv-meta").textContent = "#" + conv.id + " · " + T.historyMeta(conv.agent && conv.agent.name, conv.rating);
  li.classList.toggle("is-selected", row.id === selectedId);
}

function render(failed) {
  if (!list) return;
  list.render(Array.from(found.values()).map((conv) => ({ id: conv.id, conv })), fill);
  const empty = $("history-empty");
  empty.hidden = found.size > 0 && !failed;
  empty.textContent = failed ? T.historyFailed : query.trim() ? T.historyNoMatch(query.trim()) : T.historyEmpty;
  $("history-more").hidden = failed || found.size >= total;
}

/** Load page `next` of the current search (1: start again). */
async function load(next) {
  const ticket = ++asked;
  const res = await api("GET", historyQuery(query, next));
  if (ticket !== asked) return;
  if (!res.ok) {
    render(true);
    return;
  }
  if (next === 1) found.clear();
  (res.data.data || []).forEach((conv) => found.set(conv.id, conv));
  page = next;
  total = res.data.total || 0;
  render(false);
}

/** Mark which history row the chat pane shows (null: none). */
export function markHistorySelected(id) {
  selectedId = id;
  render(false);
}

function setOpen(open) {
  $("tab-closed").setAttribute("aria-expanded", open ? "true" : "false");
  $("history-body").hidden = !open;
  if (open && page === 0) load(1);
}

/** `open(id)` shows a closed conversation in the chat pane. */
export function bindHistory(open) {
  onOpen = open;
  list = new KeyedList($("history-list"), build);
  $("history-title").textContent = T.historyTab;
  const search = $("history-search");
  search.placeholder = T.historySearch;
  search.setAttribute("aria-label", T.historySearchLabel);
  $("history-more").textContent = T.historyMore;
  $("tab-closed").addEventListener("click", () => {
    setOpen($("tab-closed").getAttribute("aria-expanded") !== "true");
  });
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      query = search.value;
      load(1);
    }, SEARCH_DELAY_MS);
  });
  $("history-more").addEventListener("click", () => load(page + 1));
  setOpen(false);
}

/** Forget everything (sign-out). */
export function clearHistory() {
  found.clear();
  page = 0;
  total = 0;
  query = "";
  asked += 1;
  if ($("history-search")) $("history-search").value = "";
  render(false);
}

/** A conversation closed meanwhile: the open history starts again, so it shows. */
export function refreshHistory() {
  if (page > 0 && $("tab-closed").getAttribute("aria-expanded") === "true") load(1);
}
