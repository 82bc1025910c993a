/*
 * The business hours editor: rows of shifts per weekday ↔ the `business_hours` settings.
 * A shift is {start, end} as "HH:MM"; an end before its start runs past midnight (it
 * belongs to the day it starts), and an end of 00:00 is stored as 24:00 (midnight).
 * Pure: no DOM.
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
    };
  }
  const weekly = hours.weekly || {};
  return {
    enabled: true,
    timezone: hours.timezone || zone || "UTC",
    days: Object.fromEntries(WEEKDAYS.map((d) => [d, shifts(weekly[d] || [])])),
    holidays: [...(hours.holidays || [])].sort(),
  };
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

/** Problems as {"mon.0.start": error key, "holidays": …, "timezone": …}. */
export function hoursErrors(form) {
  const errors = {};
  if (!form.enabled) return errors;
  if (!form.timezone) errors.timezone = "required";
  for (const day of WEEKDAYS) {
    const list = form.days[day] || [];
    if (list.length > 10) errors[`${day}.0.start`] = "tooManyShifts";
    list.forEach((shift, i) => {
      if (!isClock(shift.start)) errors[`${day}.${i}.start`] = "invalidClock";
      if (!isClock(shift.end)) errors[`${day}.${i}.end`] = "invalidClock";
      else if (shift.start === storedShift(shift)[1]) errors[`${day}.${i}.end`] = "sameStartEnd";
    });
  }
  if (form.holidays.some((d) => !isDate(d))) errors.holidays = "invalidDate";
  return errors;
}

/**
 * The PATCH /api/settings body for the editor: null business hours when they are off, else
 * the whole week (a day without shifts sent as null: closed), the zone and the holidays.
 */
export function hoursPatch(form) {
  if (!form.enabled) return { business_hours: null };
  const weekly = {};
  for (const day of WEEKDAYS) {
    const list = form.days[day] || [];
    weekly[day] = list.length ? list.map(storedShift) : null;
  }
  const holidays = [...new Set(form.holidays)].sort();
  return { business_hours: { timezone: form.timezone, weekly, holidays } };
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
