/*
 * The filter bar: period presets, custom days, agent, skill group, business
 * hours only, and the time zone. It shows the filters it is given and reports every change through
 * `onChange(filters)`; the page reloads the report and the URL from there.
 */

import { $ } from "../widget/core/dom.js";
import { presetOf, presetRange, withChange } from "./filters.js";

let current = null;
let today = "";
let changed = () => {};

function option(value, text) {
  const node = document.createElement("option");
  node.value = value;
  node.textContent = text;
  return node;
}

/** Fill a <select> with "all" first, then the choices, keeping `selected` even if unknown. */
function fillSelect(select, allText, choices, selected) {
  const list = [...choices];
  if (selected && !list.some((c) => c.value === selected)) list.push({ value: selected, text: selected });
  select.replaceChildren(option("", allText), ...list.map((c) => option(c.value, c.text)));
  select.value = selected || "";
}

/** Show `filters`; `agents` [{id, name}] and `groups` [name] are the choices. */
export function renderFilters(filters, { agents, groups, T, viewerZone, todayDay }) {
  current = filters;
  today = todayDay;
  $("filter-from").value = filters.from;
  $("filter-to").value = filters.to;
  const preset = presetOf(filters, today);
  document.querySelectorAll(".rp-preset").forEach((button) => {
    const days = button.dataset.days;
    const pressed = preset ? days === String(preset) : days === "custom";
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
  });
  fillSelect(
    $("filter-agent"),
    T.allAgents,
    agents.map((a) => ({ value: String(a.id), text: a.name })),
    filters.agent_id,
  );
  fillSelect(
    $("filter-group"),
    T.allGroups,
    groups.map((g) => ({ value: g, text: g })),
    filters.skill_group,
  );
  $("filter-business-hours").checked = Boolean(filters.business_hours);
  $("tz-text").textContent = T.timeZone(filters.tz);
  const mine = $("tz-mine");
  mine.hidden = !viewerZone || viewerZone === filters.tz;
  mine.textContent = T.useMyZone(viewerZone);
  mine.dataset.zone = viewerZone || "";
}

/** Wire the controls; `onChange` gets the new filters. */
export function bindFilters(onChange) {
  changed = onChange;
  const change = (fields) => changed(withChange(current, fields));
  document.querySelectorAll(".rp-preset").forEach((button) => {
    button.addEventListener("click", () => {
      if (button.dataset.days === "custom") {
        document.querySelectorAll(".rp-preset").forEach((b) => {
          b.setAttribute("aria-pressed", b === button ? "true" : "false");
        });
        $("filter-from").focus();
        return;
      }
      change(presetRange(Number(button.dataset.days), today));
    });
  });
  // A day is taken once it is complete (typing "2026-1" fires input events too).
  for (const [id, key] of [
    ["filter-from", "from"],
    ["filter-to", "to"],
  ]) {
    $(id).addEventListener("change", (event) => {
      const value = event.target.value;
      if (value && value !== current[key]) change({ [key]: value });
    });
  }
  $("filter-agent").addEventListener("change", (event) => change({ agent_id: event.target.value }));
  $("filter-group").addEventListener("change", (event) => change({ skill_group: event.target.value }));
  $("tz-mine").addEventListener("click", (event) => change({ tz: event.currentTarget.dataset.zone }));
  $("filter-business-hours").addEventListener("change", (event) => change({ business_hours: event.target.checked }));
  $("filters").addEventListener("submit", (event) => event.preventDefault());
}
