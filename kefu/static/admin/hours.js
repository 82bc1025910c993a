/*
 * The Business hours section: on or off, the time zone, shifts per weekday (several a day,
 * past midnight allowed) and holidays. hours-model.js turns the rows into the settings.
 */

import { errorOf } from "./errors.js";
import { addHoliday, hoursErrors, hoursForm, hoursPatch, overnight, WEEKDAYS, zoneChoices } from "./hours-model.js";
import { T } from "./i18n.js";
import { loadSettings, patchSettings } from "./store.js";
import { busy, card, checkbox, clearErrors, field, formError, h, mountWithSettings, showLocalErrors, showServerError, toast } from "./ui.js";
import { isDate } from "./validate.js";

let root = null;
let saved = null; // the form as last loaded or saved, to tell changes
let form = null; // the form being edited
let els = null;

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch (err) {
    return "UTC";
  }
}

function supportedZones() {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch (err) {
    return [];
  }
}

function copy(value) {
  return JSON.parse(JSON.stringify(value));
}

/** Build the section in `body` and load the settings. */
export function mount(body) {
  root = body;
  mountWithSettings(body, loadSettings, (settings) => {
    saved = hoursForm(settings.business_hours, browserZone());
    form = copy(saved);
    build();
    render();
  });
}

function build() {
  const enabled = checkbox(T.hoursEnabled, { testid: "admin-hours-enabled", name: "enabled", onchange: () => {
    form.enabled = enabled.input.checked;
    render();
  } });
  const zone = h("select", { testid: "admin-hours-timezone", class: "zone-select" }, zoneChoices(supportedZones(), form.timezone).map((z) => h("option", { value: z, text: z.replace(/_/g, " ") })));
  zone.addEventListener("change", () => {
    form.timezone = zone.value;
    changed();
  });
  const days = h("div", { class: "week", id: "hours-week" });
  const holidayInput = h("input", { type: "date", testid: "admin-holiday-input" });
  const holidayAdd = h("button", { type: "button", class: "btn", testid: "admin-holiday-add", text: T.addHoliday, onclick: () => {
    clearErrors(els.holidayBox);
    if (!isDate(holidayInput.value)) {
      showLocalErrors(els.holidayBox, { holiday: "invalidDate" });
      return;
    }
    form.holidays = addHoliday(form.holidays, holidayInput.value);
    holidayInput.value = "";
    renderHolidays();
    changed();
  } });
  const holidayList = h("ul", { class: "chips", id: "holiday-list" });
  const holidayBox = h("div", {}, [h("div", { class: "inline-form" }, [field(T.addHoliday, holidayInput, { name: "holiday" }), holidayAdd]), holidayList]);
  const offNote = h("div", { class: "note", testid: "admin-hours-off", text: T.hoursOff });
  const copyBtn = h("button", { type: "button", class: "btn btn--sm btn--ghost", testid: "admin-hours-copy", text: T.copyToWeekdays, onclick: () => {
    for (const day of ["tue", "wed", "thu", "fri"]) form.days[day] = copy(form.days.mon);
    renderWeek();
    changed();
  } });
  const save = h("button", { type: "submit", class: "btn btn--primary", testid: "admin-save", text: T.save, disabled: true });
  const discard = h("button", { type: "button", class: "btn", testid: "admin-discard", text: T.discard, disabled: true, onclick: () => {
    form = copy(saved);
    clearErrors(els.form);
    render();
  } });
  const dirty = h("span", { class: "save-state", testid: "admin-dirty", hidden: true, text: T.unsaved });
  const zoneField = field(T.timezone, zone, { name: "timezone" });
  const detail = h("div", { class: "hours-detail" }, [
    card(T.weekly, [days], copyBtn),
    card(T.holidays, [h("p", { class: "field-hint", text: T.holidaysHint }), holidayBox]),
  ]);
  const formNode = h("form", { class: "settings-form", novalidate: true }, [
    card(null, [enabled.node, offNote, zoneField]),
    detail,
    h("div", { class: "save-bar save-bar--sticky" }, [dirty, formError(), discard, save]),
  ]);
  formNode.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  els = { form: formNode, enabled: enabled.input, zone, zoneField, days, holidayList, holidayBox, offNote, detail, save, discard, dirty };
  root.replaceChildren(formNode);
}

function render() {
  els.enabled.checked = form.enabled;
  els.offNote.hidden = form.enabled;
  els.detail.hidden = !form.enabled;
  els.zoneField.hidden = !form.enabled;
  if (![...els.zone.options].some((o) => o.value === form.timezone)) els.zone.append(h("option", { value: form.timezone, text: form.timezone }));
  els.zone.value = form.timezone;
  renderWeek();
  renderHolidays();
  changed();
}

function renderWeek() {
  els.days.replaceChildren(...WEEKDAYS.map(dayRow));
}

function dayRow(day) {
  const shifts = form.days[day];
  const list = h("div", { class: "shifts" });
  if (!shifts.length) list.append(h("span", { class: "closed", testid: "admin-hours-closed", text: T.closed }));
  shifts.forEach((shift, i) => {
    const start = h("input", { type: "time", value: shift.start, step: 60, testid: "admin-hours-start", "aria-label": T.weekdays[day] + " · " + T.shiftFrom, name: `${day}.${i}.start` });
    const end = h("input", { type: "time", value: shift.end, step: 60, testid: "admin-hours-end", "aria-label": T.weekdays[day] + " · " + T.shiftTo, name: `${day}.${i}.end` });
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
          renderWeek();
          changed();
        } }),
        h("p", { class: "field-error", testid: "admin-field-error", "data-field": `${day}.${i}.start`, role: "alert" }),
        h("p", { class: "field-error", testid: "admin-field-error", "data-field": `${day}.${i}.end`, role: "alert" }),
      ]),
    );
  });
  const add = h("button", { type: "button", class: "btn btn--xs btn--ghost add-shift", testid: "admin-hours-add-shift", text: "+ " + T.addShift, disabled: shifts.length >= 10, onclick: () => {
    // The next shift starts where the last one ended (office hours on a closed day).
    const last = shifts[shifts.length - 1];
    const start = last && last.end !== "00:00" ? last.end : "09:00";
    shifts.push({ start, end: start < "18:00" ? "18:00" : start < "22:00" ? "22:00" : "00:00" });
    renderWeek();
    changed();
  } });
  return h("div", { class: "day" + (shifts.length ? "" : " day--closed"), testid: "admin-hours-day", "data-day": day }, [h("span", { class: "day-name", text: T.weekdays[day] }), list, add]);
}

function renderHolidays() {
  const list = els.holidayList;
  if (!form.holidays.length) {
    list.replaceChildren(h("li", { class: "muted small", text: T.holidaysEmpty }));
    return;
  }
  list.replaceChildren(
    ...form.holidays.map((day) =>
      h("li", { class: "chip-item", testid: "admin-holiday", "data-date": day }, [
        h("span", { text: day }),
        h("button", { type: "button", class: "chip-remove", testid: "admin-holiday-remove", "aria-label": T.removeHoliday(day), title: T.removeHoliday(day), text: "×", onclick: () => {
          form.holidays = form.holidays.filter((d) => d !== day);
          renderHolidays();
          changed();
        } }),
      ]),
    ),
  );
}

function changed() {
  const dirty = JSON.stringify(hoursPatch(form)) !== JSON.stringify(hoursPatch(saved)) || form.enabled !== saved.enabled;
  els.save.disabled = !dirty;
  els.discard.disabled = !dirty;
  els.dirty.hidden = !dirty;
  els.dirty.parentElement.classList.toggle("is-dirty", dirty);
}

function serverMap() {
  const map = { "business_hours.timezone": "timezone", "business_hours.holidays": "holiday" };
  for (const day of WEEKDAYS) {
    form.days[day].forEach((_, i) => {
      map[`business_hours.weekly.${day}.${i}.0`] = `${day}.${i}.start`;
      map[`business_hours.weekly.${day}.${i}.1`] = `${day}.${i}.end`;
      map[`business_hours.weekly.${day}.${i}`] = `${day}.${i}.end`;
    });
  }
  return map;
}

async function submit() {
  clearErrors(els.form);
  if (showLocalErrors(els.form, hoursErrors(form))) {
    els.form.querySelector(":scope > .save-bar .form-error").textContent = T.fixErrors;
    return;
  }
  const res = await busy(els.save, T.saving, () => patchSettings(hoursPatch(form)));
  if (!res.ok) {
    showServerError(els.form, errorOf(res), serverMap());
    changed();
    return;
  }
  saved = hoursForm(res.data.business_hours, form.timezone);
  form = copy(saved);
  toast(T.saved);
  render();
}
