/*
 * The shifts of one day, a weekday or a dated exception: time inputs, "+1 next day" on a
 * shift past midnight, remove and add. It edits the array it is given in place.
 */

import { overnight } from "./hours-model.js";
import { T } from "./i18n.js";
import { h } from "./ui.js";

/**
 * {list, add} for `shifts`: inputs named `${prefix}.${i}.start` and `.end` (the names of
 * their error lines), `label` names the day for screen readers; `changed()` follows an
 * edit, `rerender()` an added or removed shift.
 */
export function shiftEditor(shifts, { prefix, label, changed, rerender }) {
  const list = h("div", { class: "shifts" });
  if (!shifts.length) list.append(h("span", { class: "closed", testid: "admin-hours-closed", text: T.closed }));
  shifts.forEach((shift, i) => {
    const start = h("input", { type: "time", value: shift.start, step: 60, testid: "admin-hours-start", "aria-label": label + " · " + T.shiftFrom, name: `${prefix}.${i}.start` });
    const end = h("input", { type: "time", value: shift.end, step: 60, testid: "admin-hours-end", "aria-label": label + " · " + T.shiftTo, name: `${prefix}.${i}.end` });
    const next = h("span", { class: "next-day" });
    const badge = () => {
      const allDay = shift.start === "00:00" && shift.end === "00:00";
      next.textContent = allDay ? T.allDay : "+1 " + T.nextDay;
      next.hidden = !allDay && !overnight(shift);
    };
    badge();
    const update = () => {
      shift.start = start.value;
      shift.end = end.value;
      badge();
      changed();
    };
    start.addEventListener("input", update);
    end.addEventListener("input", update);
    list.append(
      h("div", { class: "shift", testid: "admin-hours-shift" }, [
        start,
        h("span", { class: "shift-dash", "aria-hidden": "true", text: "–" }),
        end,
        next,
        h("button", { type: "button", class: "icon-btn icon-btn--xs", testid: "admin-hours-remove-shift", "aria-label": T.removeShift, title: T.removeShift, text: "×", onclick: () => {
          shifts.splice(i, 1);
          rerender();
          changed();
        } }),
        h("p", { class: "field-error", testid: "admin-field-error", "data-field": `${prefix}.${i}.start`, role: "alert" }),
        h("p", { class: "field-error", testid: "admin-field-error", "data-field": `${prefix}.${i}.end`, role: "alert" }),
      ]),
    );
  });
  const add = h("button", { type: "button", class: "btn btn--xs btn--ghost add-shift", testid: "admin-hours-add-shift", text: "+ " + T.addShift, disabled: shifts.length >= 10, onclick: () => {
    // The next shift starts where the last one ended (office hours on a closed day).
    const last = shifts[shifts.length - 1];
    const from = last && last.end !== "00:00" ? last.end : "09:00";
    shifts.push({ start: from, end: from < "18:00" ? "18:00" : from < "22:00" ? "22:00" : "00:00" });
    rerender();
    changed();
  } });
  return { list, add };
}
