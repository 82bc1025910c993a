/*
 * Reading my conversations and the queue from the REST API: at every
 * connect, and while connected every `data-reconcile-seconds`
 * (KEFU_DASHBOARD_RECONCILE_SECONDS) and when the tab comes back into view.
 * An event can be lost between the database and this socket (a worker
 * killed after storing, before emitting); this is what makes up for it.
 */

import { loadAllOpen } from "./all-open.js";
import { onConversationEvent, upsertMine } from "./conversations.js";
import { syncEntry } from "./messages.js";
import { loadPending } from "./pending.js";
import { setQueue } from "./queue.js";
import { renderAll } from "./render.js";
import { api } from "./session.js";
import { isConnected, state } from "./state.js";

const RECONCILE_MS = 1000 * (Number(document.body.dataset.reconcileSeconds) || 0);
const LISTING_READS = 3;

let reconcileTimer = null;

export function scheduleReconcile() {
  clearTimeout(reconcileTimer);
  if (RECONCILE_MS > 0) reconcileTimer = setTimeout(reconcile, RECONCILE_MS);
}

export function stopReconcile() {
  clearTimeout(reconcileTimer);
}

async function reconcile() {
  try {
    if (isConnected()) await Promise.all([loadMine(), loadQueue(), loadPending(), loadAllOpen()]);
  } finally {
    if (state.socket) scheduleReconcile();
  }
}

export function bindReconcile() {
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && RECONCILE_MS > 0 && state.socket) reconcile();
  });
}

// A listing read while a conversation or queue event arrived may be older than that
// event; read it again (twice at most) so a stale listing never undoes an event.
async function freshListing(path) {
  for (let attempt = 1; ; attempt++) {
    const before = state.listingEvents;
    const res = await api("GET", path);
    if (!res.ok || before === state.listingEvents || attempt === LISTING_READS) return res;
  }
}

export async function loadMine() {
  const res = await freshListing("/api/conversations?status=open&mine=1&per_page=100");
  if (!res.ok) return;
  const seen = new Set();
  (res.data.data || []).forEach((conv) => {
    seen.add(conv.id);
    upsertMine(conv);
  });
  // Anything we held as open but the server no longer lists ended while we were away.
  const stale = Array.from(state.convs.values()).filter((entry) => !entry.ended && !seen.has(entry.id));
  await Promise.all(stale.map((entry) => api("GET", "/api/conversations/" + entry.id).then((r) => {
    if (r.ok) onConversationEvent(r.data);
  })));
  state.convs.forEach((entry) => syncEntry(entry));
  renderAll();
}

export async function loadQueue() {
  const res = await freshListing("/api/conversations?status=queued&per_page=100");
  if (!res.ok) return;
  setQueue(res.data.data || [], res.data.total || 0);
}
