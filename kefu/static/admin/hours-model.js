/*
 * The business hours editor: rows of shifts per weekday, holidays and dated exceptions ↔
 * the `business_hours` settings. A shift is {start, end} as "HH:MM"; an end before its
 * start runs past midnight (it belongs to the day it starts), and an end of 00:00 is
 * stored as 24:00 (midnight). An exception is {date, shifts}: that date's own hours,
 * instead of its weekday's or a holiday (no shifts: closed). Pure: no DOM.
 */

import { isClock, isDate } from "./validate.js";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const OFFICE = [["09:00", "18:00"]];

/**
 * What the editor shows for the stored `business_hours` (null: none set, so always open).
 * `zone` is the time zone to offer when none is stored (the admin's own).
 */
export function hoursForm(hours, zone) {
  if (!hours) {
    return {
      enabled: false,
      timezone: zone || "UTC",
      days: Object.fromEntries(WEEKDAYS.map((d) => [d, d === "sat" || d === "sun" ? [] : shifts(OFFICE)])),
      holidays: [],
      exceptions: [],
    };
  }
  const weekly = hours.weekly || {};
  return {
    enabled: true,
    timezone: hours.timezone || zone || "UTC",
    days: Object.fromEntries(WEEKDAYS.map((d) => [d, shifts(weekly[d] || [])])),
    holidays: [...(hours.holidays || [])].sort(),
    exceptions: (hours.exceptions || []).map((e) => ({ date: e.date, shifts: shifts(e.shifts || []) })).sort(byDate),
  };
}

function byDate(a, b) {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

function shifts(pairs) {
  return pairs.map(([start, end]) => ({ start, end: end === "24:00" ? "00:00" : end }));
}

/** A shift as stored: [start, end], midnight as the end written 24:00. */
export function storedShift(shift) {
  return [shift.start, shift.end === "00:00" ? "24:00" : shift.end];
}

/** Whether a shift runs past midnight into the next day. */
export function overnight(shift) {
  return isClock(shift.start) && isClock(shift.end) && shift.end !== "00:00" && shift.end < shift.start;
}

/** Problems as {"mon.0.start": error key, "holidays": …, "timezone": …,
 * "exceptions.0.date": …, "exceptions.0.1.end": …}. */
export function hoursErrors(form) {
  const errors = {};
  if (!form.enabled) return errors;
  if (!form.timezone) errors.timezone = "required";
  for (const day of WEEKDAYS) shiftErrors(errors, day, form.days[day] || []);
  if (form.holidays.some((d) => !isDate(d))) errors.holidays = "invalidDate";
  const seen = new Set();
  (form.exceptions || []).forEach((exception, i) => {
    if (!isDate(exception.date)) errors[`exceptions.${i}.date`] = "invalidDate";
    else if (seen.has(exception.date)) errors[`exceptions.${i}.date`] = "duplicateDate";
    seen.add(exception.date);
    shiftErrors(errors, `exceptions.${i}`, exception.shifts);
  });
  return errors;
}

function shiftErrors(errors, prefix, list) {
  if (list.length > 10) errors[`${prefix}.0.start`] = "tooManyShifts";
  list.forEach((shift, i) => {
    if (!isClock(shift.start)) errors[`${prefix}.${i}.start`] = "invalidClock";
    if (!isClock(shift.end)) errors[`${prefix}.${i}.end`] = "invalidClock";
    else if (shift.start === storedShift(shift)[1]) errors[`${prefix}.${i}.end`] = "sameStartEnd";
  });
}

/**
 * The PATCH /api/settings body for the editor: null business hours when they are off, else
 * the whole week (a day without shifts sent as null: closed), the zone, the holidays and
 * the exceptions (a list: replaced whole).
 */
export function hoursPatch(form) {
  if (!form.enabled) return { business_hours: null };
  const weekly = {};
  for (const day of WEEKDAYS) {
    const list = form.days[day] || [];
    weekly[day] = list.length ? list.map(storedShift) : null;
  }
  const holidays = [...new Set(form.holidays)].sort();
  const exceptions = [...(form.exceptions || [])].sort(byDate).map((e) => ({ date: e.date, shifts: e.shifts.map(storedShift) }));
  return { business_hours: { timezone: form.timezone, weekly, holidays, exceptions } };
}

/**
 * The exceptions with one for `day` added (kept by date; a date already there is left as
 * it is), starting from that weekday's shifts, or office hours when it is closed.
 */
export function addException(form, day) {
  const list = form.exceptions || [];
  if (list.some((e) => e.date === day)) return list;
  const usual = form.days[weekdayOf(day)] || [];
  const start = usual.length ? usual : shifts(OFFICE);
  return [...list, { date: day, shifts: start.map((s) => ({ ...s })) }].sort(byDate);
}

/** The weekday key ("mon"…"sun") of a YYYY-MM-DD date. */
export function weekdayOf(day) {
  return WEEKDAYS[(new Date(day + "T00:00:00Z").getUTCDay() + 6) % 7];
}

/** The holidays with `day` added (kept sorted, once). */
export function addHoliday(holidays, day) {
  return [...new Set([...holidays, day])].sort();
}

/** The time zones to offer: the browser's list, with UTC and `current` always in it. */
export function zoneChoices(supported, current) {
  const zones = new Set(supported || []);
  zones.add("UTC");
  if (current) zones.add(current);
  return [...zones].sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
}
