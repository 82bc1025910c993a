/* The Audit log section: who changed what, newest first, a page at a time. */

import { detailLines, pageCount, valueText } from "./audit-model.js";
import { PAGE_LANG, T } from "./i18n.js";
import { api } from "./store.js";
import { emptyState, h, loadFailure, when } from "./ui.js";

const PER_PAGE = 20;

let root = null;
let page = 1;

/** Build the section in `body` and load the first page. */
export function mount(body) {
  root = body;
  root.append(h("div", { id: "audit-list", class: "list-slot" }, h("p", { class: "loading", text: T.loading })));
  load(1);
}

/** Show the newest page again (the log grows with every change made elsewhere). */
export function refresh() {
  if (root) load(1);
}

function details(entry) {
  const lines = detailLines(entry.details);
  if (!lines.length) return h("span", { class: "muted", text: T.none });
  return h("ul", { class: "audit-details" }, lines.map((line) =>
    h("li", {}, [
      line.path ? h("span", { class: "audit-path", text: line.path }) : null,
      "value" in line
        ? h("span", { class: "audit-value", text: valueText(line.value, T.none) })
        : h("span", { class: "audit-change" }, [
            h("del", { class: "audit-from", text: valueText(line.from, T.none) }),
            h("span", { class: "audit-arrow", "aria-hidden": "true", text: " → " }),
            h("ins", { class: "audit-to", text: valueText(line.to, T.none) }),
          ]),
    ]),
  ));
}

async function load(wanted) {
  const slot = root.querySelector("#audit-list");
  const res = await api("GET", `/api/audit-log?page=${wanted}&per_page=${PER_PAGE}`);
  if (!res.ok) {
    slot.replaceChildren(loadFailure(res, () => load(wanted)));
    return;
  }
  page = res.data.page || wanted;
  const total = res.data.total || 0;
  const pages = pageCount(total, res.data.per_page || PER_PAGE);
  const entries = res.data.data || [];
  if (!entries.length && page === 1) {
    slot.replaceChildren(emptyState(T.auditEmpty));
    return;
  }
  const head = h("thead", {}, h("tr", {}, [T.colWhen, T.colWho, T.colWhat, T.colDetails].map((text) => h("th", { scope: "col", text }))));
  const rows = entries.map((entry) =>
    h("tr", { testid: "admin-audit-row", "data-audit-id": entry.id, "data-action": entry.action }, [
      h("td", { "data-label": T.colWhen, class: "nowrap" }, h("time", { datetime: entry.at, text: when(entry.at, PAGE_LANG) })),
      h("td", { "data-label": T.colWho, text: entry.actor && entry.actor.type === "agent" ? entry.actor.name || "#" + entry.actor.id : T.system }),
      h("td", { "data-label": T.colWhat }, [
        h("span", { class: "audit-action", text: T.actions[entry.action] || entry.action }),
        entry.target ? h("span", { class: "audit-target mono", text: entry.target }) : null,
      ]),
      h("td", { "data-label": T.colDetails }, details(entry)),
    ]),
  );
  const pager = h("div", { class: "pager" }, [
    h("button", { type: "button", class: "btn btn--sm", testid: "admin-audit-prev", text: "← " + T.previous, disabled: page <= 1, onclick: () => load(page - 1) }),
    h("span", { class: "pager-text", testid: "admin-audit-page", text: T.pageOf(page, pages, total) }),
    h("button", { type: "button", class: "btn btn--sm", testid: "admin-audit-next", text: T.next + " →", disabled: page >= pages, onclick: () => load(page + 1) }),
  ]);
  slot.replaceChildren(h("div", { class: "table-wrap" }, h("table", { class: "table table--cards table--audit" }, [head, h("tbody", {}, rows)])), pager);
}
