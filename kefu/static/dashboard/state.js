/*
 * What the dashboard knows, shared by its modules: the signed-in agent, the
 * socket, my conversations, the queue and what is selected.
 */

import { Outbox } from "../widget/core/outbox.js";
import { Deferred } from "./deferred.js";

export const state = {
  me: null,
  socket: null,
  desiredStatus: "online", // what the agent chose; reconnects keep it
  convs: new Map(), // id -> entry (mine, or recently mine)
  queue: [],
  queueWaiting: 0,
  queuePreviews: new Map(), // conversation id -> {seq, text}: what a waiting visitor wrote
  selected: null, // {kind: "mine" | "queue", id}
  preview: null, // {id, conv, log, view, container} for a queued conversation
  returnTo: null, // {kind, id}: the chat an earlier conversation on screen leads back to
  agents: new Map(),
  skillGroups: new Set(),
  outbox: new Outbox("kefu.agent.outbox"),
  closing: new Deferred(), // conversation id -> a close waiting out its undo window
  // Bumped by every conversation or queue event: a listing read meanwhile may be older.
  listingEvents: 0,
};

export function isConnected() {
  return !!state.socket && state.socket.connected;
}

/** True when `entry` (one of mine) is open in the chat pane. */
export function isShowing(entry) {
  return isSelected("mine", entry.id);
}

export function isSelected(kind, id) {
  return !!state.selected && state.selected.kind === kind && state.selected.id === id;
}

/** The selected conversation when it is one of mine, else null. */
export function selectedEntry() {
  return state.selected && state.selected.kind === "mine" ? state.convs.get(state.selected.id) || null : null;
}

/** What the chat pane shows: one of my conversations, or the preview of a waiting one. */
export function currentThread() {
  const selected = state.selected;
  if (!selected) return null;
  if (selected.kind === "mine") return state.convs.get(selected.id) || null;
  return state.preview && state.preview.id === selected.id ? state.preview : null;
}

export function isQueued(id) {
  return state.queue.some((c) => c.id === id);
}
