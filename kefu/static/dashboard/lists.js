/*
 * The sidebar: the queue of waiting visitors and my conversations. Clicks go
 * to the handlers given to bindLists.
 */

import { $ } from "../widget/core/dom.js";
import { renderAllOpen } from "./all-open.js";
import { compareMine } from "./labels.js";
import { isSelected, state } from "./state.js";
import { unreadOf } from "./unread.js";
import { KeyedList, buildMineItem, buildQueueItem, fillMineItem, fillQueueItem } from "./views.js";

let queueList = null;
let mineList = null;

/** handlers: {openQueued(id), pick(id, button), openMine(id), dismiss(id)} */
export function bindLists(handlers) {
  queueList = new KeyedList($("queue-list"), (id) => buildQueueItem(id, {
    onOpen: () => handlers.openQueued(id),
    onPick: handlers.pick,
  }));
  mineList = new KeyedList($("mine-list"), (id) => buildMineItem(id, {
    onOpen: () => handlers.openMine(id),
    onDismiss: handlers.dismiss,
  }));
}

export function renderLists() {
  renderQueue();
  renderMine();
  renderAllOpen();
}

export function renderQueue() {
  const queue = state.queue;
  $("queue-count").textContent = String(state.queueWaiting);
  $("queue-empty").hidden = queue.length > 0;
  const waitingIds = new Set(queue.map((c) => c.id));
  state.queuePreviews.forEach((_, id) => {
    if (!waitingIds.has(id)) state.queuePreviews.delete(id);
  });
  queueList.render(queue.map((conv) => {
    const said = state.queuePreviews.get(conv.id);
    return {
      id: conv.id,
      conv,
      said: said && said.text ? said.text : null,
      selected: isSelected("queue", conv.id),
    };
  }), fillQueueItem);
}

function renderMine() {
  const entries = Array.from(state.convs.values()).sort(compareMine);
  $("mine-count").textContent = String(entries.filter((e) => !e.ended).length);
  $("mine-empty").hidden = entries.length > 0;
  mineList.render(entries.map((entry) => ({
    id: entry.id,
    conv: entry.conv,
    log: entry.log,
    unread: entry.ended ? 0 : unreadOf(entry),
    typing: entry.visitorTyping && !entry.ended,
    ended: entry.ended,
    selected: isSelected("mine", entry.id),
    meId: state.me ? state.me.id : null,
  })), fillMineItem);
}
