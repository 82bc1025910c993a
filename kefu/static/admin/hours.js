/*
 * The Business hours section: on or off, the time zone, shifts per weekday (several a day,
 * past midnight allowed), holidays and dated exceptions (hours-exceptions.js).
 * hours-model.js turns the rows into the settings.
 */

import { errorOf } from "./errors.js";
import { exceptionsCard } from "./hours-exceptions.js";
import { addHoliday, hoursErrors, hoursForm, hoursPatch, WEEKDAYS, zoneChoices } from "./hours-model.js";
import { T } from "./i18n.js";
import { shiftEditor } from "./shift-editor.js";
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
    els.exceptions.render();
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
  const exceptions = exceptionsCard(() => form, changed);
  const detail = h("div", { class: "hours-detail" }, [
    card(T.weekly, [days], copyBtn),
    card(T.holidays, [h("p", { class: "field-hint", text: T.holidaysHint }), holidayBox]),
    exceptions.node,
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
  els = { form: formNode, enabled: enabled.input, zone, zoneField, days, holidayList, holidayBox, exceptions, offNote, detail, save, discard, dirty };
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
  els.exceptions.render();
  changed();
}

function renderWeek() {
  els.days.replaceChildren(...WEEKDAYS.map(dayRow));
}

function dayRow(day) {
  const shifts = form.days[day];
  const { list, add } = shiftEditor(shifts, { prefix: day, label: T.weekdays[day], changed, rerender: renderWeek });
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
          els.exceptions.render();
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
  const map = { "business_hours.timezone": "timezone", "business_hours.holidays": "holiday", "business_hours.exceptions": "exception" };
  for (const day of WEEKDAYS) {
    form.days[day].forEach((_, i) => {
      map[`business_hours.weekly.${day}.${i}.0`] = `${day}.${i}.start`;
      map[`business_hours.weekly.${day}.${i}.1`] = `${day}.${i}.end`;
      map[`business_hours.weekly.${day}.${i}`] = `${day}.${i}.end`;
    });
  }
  form.exceptions.forEach((exception, i) => {
    const path = `business_hours.exceptions.${i}`;
    map[path] = map[`${path}.date`] = `exceptions.${i}.date`;
    exception.shifts.forEach((_, j) => {
      map[`${path}.shifts.${j}.0`] = `exceptions.${i}.${j}.start`;
      map[`${path}.shifts.${j}.1`] = `exceptions.${i}.${j}.end`;
      map[`${path}.shifts.${j}`] = `exceptions.${i}.${j}.end`;
    });
  });
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
