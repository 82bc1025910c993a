/*
 * The dated exceptions of the Business hours section: a date with its own shifts (open on
 * a Sunday, a short Christmas Eve), which replace its weekday's hours, and a holiday's,
 * on that date. No shifts: closed that day. hours-model.js holds the rules.
 */

import { addException, weekdayOf } from "./hours-model.js";
import { PAGE_LANG, T } from "./i18n.js";
import { shiftEditor } from "./shift-editor.js";
import { card, clearErrors, field, h, showLocalErrors } from "./ui.js";
import { isDate } from "./validate.js";

/**
 * The exceptions card: {node, render}. `current()` gives the form being edited (its
 * `exceptions`, `days` and `holidays`); `changed()` follows every edit.
 */
export function exceptionsCard(current, changed) {
  const input = h("input", { type: "date", testid: "admin-exception-input" });
  const adder = h("div", { class: "inline-form" });
  const add = h("button", { type: "button", class: "btn", testid: "admin-exception-add", text: T.addException, onclick: () => {
    clearErrors(adder);
    if (!isDate(input.value)) {
      showLocalErrors(adder, { exception: "invalidDate" });
      return;
    }
    const form = current();
    if (form.exceptions.some((e) => e.date === input.value)) {
      showLocalErrors(adder, { exception: "duplicateDate" });
      return;
    }
    form.exceptions = addException(form, input.value);
    input.value = "";
    render();
    changed();
  } });
  adder.append(field(T.exceptionDate, input, { name: "exception" }), add);
  const list = h("div", { class: "week exceptions", id: "hours-exceptions" });

  function render() {
    const form = current();
    if (!form.exceptions.length) {
      list.replaceChildren(h("p", { class: "muted small", testid: "admin-exceptions-empty", text: T.exceptionsEmpty }));
      return;
    }
    list.replaceChildren(...form.exceptions.map((exception, i) => row(form, exception, i)));
  }

  function row(form, exception, i) {
    const label = dateLabel(exception.date);
    const { list: shifts, add: addShift } = shiftEditor(exception.shifts, { prefix: `exceptions.${i}`, label, changed, rerender: render });
    const remove = h("button", { type: "button", class: "btn btn--xs btn--ghost", testid: "admin-exception-remove", text: T.removeException, "aria-label": T.removeExceptionOf(label), onclick: () => {
      form.exceptions = form.exceptions.filter((e) => e !== exception);
      render();
      changed();
    } });
    const holiday = form.holidays.includes(exception.date);
    return h("div", { class: "day day--exception" + (exception.shifts.length ? "" : " day--closed"), testid: "admin-exception", "data-date": exception.date }, [
      h("div", { class: "day-name" }, [
        h("span", { class: "exception-date", text: label }),
        holiday ? h("span", { class: "exception-note", testid: "admin-exception-holiday", text: T.exceptionOnHoliday }) : null,
        h("p", { class: "field-error", testid: "admin-field-error", "data-field": `exceptions.${i}.date`, role: "alert" }),
      ]),
      shifts,
      h("div", { class: "exception-actions" }, [addShift, remove]),
    ]);
  }

  const node = card(T.exceptions, [h("p", { class: "field-hint", text: T.exceptionsHint }), adder, list]);
  return { node, render };
}

/** "Thu, 24 Dec 2026" in the console's language (the date itself is a local date). */
function dateLabel(day) {
  try {
    const format = new Intl.DateTimeFormat(PAGE_LANG, { weekday: "short", year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
    return format.format(new Date(day + "T00:00:00Z"));
  } catch (err) {
    return day + " · " + T.weekdays[weekdayOf(day)];
  }
}
