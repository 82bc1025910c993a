/*
 * The visitor's other conversations, in the visitor panel: newest first, each with its
 * date, agent, rating and first line (GET /api/conversations?visitor_id=, a page at a
 * time; any agent may read them, PROTOCOL §7). Clicking one shows it read-only in the
 * chat pane (selection kind "earlier"), with a bar that leads back to the chat the agent
 * came from.
 */

import { $, el } from "../widget/core/dom.js";
import { LOCALE } from "./i18n.js";
import { api } from "./session.js";
import { state } from "./state.js";
import { W } from "./visitor-strings.js";
import { conversationDate, earlierSummary, firstLine } from "./visitor-words.js";

const PER_PAGE = 10;
const FIRST_MESSAGES = 5; // enough to pass the notices to the visitor's first words
const STALE_MS = 60000; // read again when shown after this long (a chat closed, was rated)

// visitor id -> {convs: Map id -> conversation, total, page, at, failed}
const byVisitor = new Map();
const lines = new Map(); // conversation id -> its first line (null: no messages)
let shown = { visitorId: null, hideId: null, version: -1 };
let version = 0; // bumped whenever something arrives
let onOpen = () => {};

export function earlierConversation(id) {
  for (const found of byVisitor.values()) {
    if (found.convs.has(id)) return found.convs.get(id);
  }
  return null;
}

async function loadPage(visitorId, page) {
  const found = byVisitor.get(visitorId);
  const params = new URLSearchParams({ visitor_id: visitorId, page: String(page), per_page: String(PER_PAGE) });
  const res = await api("GET", "/api/conversations?" + params.toString());
  if (byVisitor.get(visitorId) !== found) return; // forgotten meanwhile (sign-out)
  found.loading = false;
  found.failed = !res.ok;
  found.at = Date.now();
  if (res.ok) {
    if (page === 1) found.convs.clear();
    (res.data.data || []).forEach((conv) => found.convs.set(conv.id, conv));
    found.total = res.data.total || 0;
    found.page = page;
  }
  version += 1;
  renderEarlierList();
  loadLines(found);
}

/** The first lines of the listed conversations, one request at a time. */
async function loadLines(found) {
  for (const conv of found.convs.values()) {
    if (lines.has(conv.id) || !conv.last_seq) {
      if (!conv.last_seq) lines.set(conv.id, null);
      continue;
    }
    const res = await api("GET", "/api/conversations/" + conv.id + "/messages?after_seq=0&limit=" + FIRST_MESSAGES);
    if (!res.ok) return;
    lines.set(conv.id, firstLine(res.data.data));
    version += 1;
    renderEarlierList();
  }
}

function ensureLoaded(visitorId) {
  let found = byVisitor.get(visitorId);
  if (found && (found.loading || Date.now() - found.at < STALE_MS)) return;
  if (!found) {
    found = { convs: new Map(), total: 0, page: 0, at: 0, failed: false, loading: false };
    byVisitor.set(visitorId, found);
  }
  found.loading = true;
  loadPage(visitorId, 1);
}

function row(conv) {
  const summary = earlierSummary(conv, lines.has(conv.id) ? lines.get(conv.id) : undefined, W, LOCALE);
  const li = el("li", "earlier-item");
  const open = el("button", "earlier-open");
  open.type = "button";
  open.dataset.testid = "earlier-item";
  open.dataset.conversationId = String(conv.id);
  open.dataset.status = conv.status;
  open.setAttribute("aria-label", summary.label + ", " + summary.state);
  const top = el("span", "earlier-top");
  top.append(el("span", "earlier-date", summary.date), el("span", "earlier-state", summary.state));
  const agent = el("span", "earlier-agent", summary.agent);
  const said = el("span", "earlier-line", summary.line);
  open.append(top, agent, said);
  open.addEventListener("click", () => onOpen(conv));
  li.appendChild(open);
  return li;
}

/** Draw the list for the visitor of `conv` (the conversation in the pane), reading it when
 * it is new or stale; cheap when nothing changed (it runs with every redraw). */
export function renderEarlier(conv) {
  const section = $("earlier");
  if (!section) return;
  const visitorId = conv && conv.visitor ? conv.visitor.id : null;
  section.hidden = !visitorId;
  if (!visitorId) {
    shown = { visitorId: null, hideId: null, version: -1 };
    return;
  }
  ensureLoaded(visitorId);
  if (shown.visitorId === visitorId && shown.hideId === conv.id && shown.version === version) return;
  shown = { visitorId, hideId: conv.id, version };
  renderEarlierList();
}

function renderEarlierList() {
  const list = $("earlier-list");
  if (!list || !shown.visitorId) return;
  shown.version = version;
  const found = byVisitor.get(shown.visitorId);
  const convs = found ? Array.from(found.convs.values()).filter((c) => c.id !== shown.hideId) : [];
  list.textContent = "";
  convs.forEach((conv) => list.appendChild(row(conv)));
  const empty = $("earlier-empty");
  const waiting = !found || (found.loading && !found.page);
  empty.hidden = convs.length > 0 && !found.failed;
  empty.textContent = found && found.failed ? W.earlier.failed : waiting ? W.earlier.loading : W.earlier.none;
  const more = $("earlier-more");
  const left = found ? found.total - found.convs.size : 0;
  more.hidden = !found || left <= 0 || found.failed;
  more.textContent = W.earlier.more(left);
}

/** The bar over an earlier conversation in the pane: what it is, and the way back. */
export function renderEarlierBar() {
  const bar = $("earlier-bar");
  const selected = state.selected;
  const viewing = !!selected && selected.kind === "earlier" && !!state.preview;
  bar.hidden = !viewing;
  if (!viewing) return;
  $("earlier-bar-text").textContent = W.earlier.viewing(conversationDate(state.preview.conv.created_at, LOCALE));
  $("earlier-back").hidden = !state.returnTo;
}

/** `open(conv)` shows one of the listed conversations; `back()` returns to the chat before. */
export function bindEarlier(open, back) {
  onOpen = open;
  $("earlier-heading").textContent = W.earlier.heading;
  $("earlier-back").textContent = W.earlier.back;
  $("earlier-back").addEventListener("click", back);
  $("earlier-more").addEventListener("click", () => {
    const found = byVisitor.get(shown.visitorId);
    if (!found || found.loading) return;
    found.loading = true;
    loadPage(shown.visitorId, found.page + 1);
  });
}

/** Forget everything (sign-out). */
export function clearEarlier() {
  byVisitor.clear();
  lines.clear();
  shown = { visitorId: null, hideId: null, version: -1 };
  version += 1;
}
