import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { addException, addHoliday, hoursErrors, hoursForm, hoursPatch, overnight, storedShift, weekdayOf, zoneChoices } from "../../kefu/static/admin/hours-model.js";

const STORED = {
  timezone: "Asia/Shanghai",
  weekly: { mon: [["09:00", "12:00"], ["13:00", "18:00"]], fri: [["22:00", "02:00"]], sat: [["10:00", "24:00"]] },
  holidays: ["2026-12-25"],
};

describe("business hours editor ↔ settings", () => {
  it("shows each weekday's shifts, midnight as 00:00", () => {
    const form = hoursForm(STORED, "Europe/Paris");
    assert.equal(form.enabled, true);
    assert.equal(form.timezone, "Asia/Shanghai");
    assert.deepEqual(form.days.mon, [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }]);
    assert.deepEqual(form.days.sat, [{ start: "10:00", end: "00:00" }]);
    assert.deepEqual(form.days.sun, []);
    assert.deepEqual(form.holidays, ["2026-12-25"]);
  });

  it("writes the same week back (closed days as null)", () => {
    assert.deepEqual(hoursPatch(hoursForm(STORED)), {
      business_hours: {
        timezone: "Asia/Shanghai",
        weekly: { mon: [["09:00", "12:00"], ["13:00", "18:00"]], tue: null, wed: null, thu: null, fri: [["22:00", "02:00"]], sat: [["10:00", "24:00"]], sun: null },
        holidays: ["2026-12-25"],
        exceptions: [],
      },
    });
  });

  it("offers office hours in the admin's zone when none are set, and sends null while off", () => {
    const form = hoursForm(null, "Europe/Paris");
    assert.equal(form.enabled, false);
    assert.equal(form.timezone, "Europe/Paris");
    assert.deepEqual(form.days.wed, [{ start: "09:00", end: "18:00" }]);
    assert.deepEqual(form.days.sun, []);
    assert.deepEqual(hoursPatch(form), { business_hours: null });
    form.enabled = true;
    assert.deepEqual(hoursPatch(form).business_hours.weekly.tue, [["09:00", "18:00"]]);
  });

  it("stores an all-day shift as 00:00–24:00 and tells a shift past midnight", () => {
    assert.deepEqual(storedShift({ start: "00:00", end: "00:00" }), ["00:00", "24:00"]);
    assert.ok(overnight({ start: "22:00", end: "02:00" }));
    assert.ok(!overnight({ start: "18:00", end: "00:00" }));
    assert.ok(!overnight({ start: "09:00", end: "18:00" }));
  });

  it("finds bad shifts and dates", () => {
    const form = hoursForm(STORED);
    form.days.tue = [{ start: "10:00", end: "10:00" }, { start: "", end: "12:00" }];
    form.holidays.push("2026-02-30");
    assert.deepEqual(hoursErrors(form), { "tue.0.end": "sameStartEnd", "tue.1.start": "invalidClock", holidays: "invalidDate" });
    form.days.tue = [{ start: "00:00", end: "00:00" }];
    form.holidays.pop();
    assert.deepEqual(hoursErrors(form), {}, "00:00 to 00:00 is all day");
    form.days.tue = [{ start: "x", end: "" }];
    form.enabled = false;
    assert.deepEqual(hoursErrors(form), {});
  });

  it("keeps holidays sorted and once", () => {
    assert.deepEqual(addHoliday(["2026-12-25"], "2026-10-01"), ["2026-10-01", "2026-12-25"]);
    assert.deepEqual(addHoliday(["2026-12-25"], "2026-12-25"), ["2026-12-25"]);
  });

  it("offers UTC and the stored zone even where the browser does not list them", () => {
    const zones = zoneChoices(["Europe/Paris", "Asia/Shanghai"], "Etc/GMT+5");
    assert.equal(zones[0], "UTC");
    assert.ok(zones.includes("Etc/GMT+5"));
    assert.deepEqual(zoneChoices([], null), ["UTC"]);
  });

  it("reads and writes dated exceptions, by date, midnight as 24:00", () => {
    const stored = {
      ...STORED,
      exceptions: [
        { date: "2026-12-31", shifts: [["22:00", "02:00"]] },
        { date: "2026-12-24", shifts: [["09:00", "13:00"]] },
        { date: "2026-12-20", shifts: [["10:00", "24:00"]] },
        { date: "2026-12-26", shifts: [] },
      ],
    };
    const form = hoursForm(stored);
    assert.deepEqual(form.exceptions.map((e) => e.date), ["2026-12-20", "2026-12-24", "2026-12-26", "2026-12-31"]);
    assert.deepEqual(form.exceptions[0].shifts, [{ start: "10:00", end: "00:00" }]);
    assert.deepEqual(hoursPatch(form).business_hours.exceptions, [
      { date: "2026-12-20", shifts: [["10:00", "24:00"]] },
      { date: "2026-12-24", shifts: [["09:00", "13:00"]] },
      { date: "2026-12-26", shifts: [] },
      { date: "2026-12-31", shifts: [["22:00", "02:00"]] },
    ]);
  });

  it("starts a new exception from its weekday's shifts, or office hours on a closed day", () => {
    const form = hoursForm(STORED);
    assert.equal(weekdayOf("2026-12-21"), "mon");
    assert.equal(weekdayOf("2026-12-27"), "sun");
    form.exceptions = addException(form, "2026-12-27"); // a Sunday: closed every week
    form.exceptions = addException(form, "2026-12-21"); // a Monday
    assert.deepEqual(form.exceptions, [
      { date: "2026-12-21", shifts: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }] },
      { date: "2026-12-27", shifts: [{ start: "09:00", end: "18:00" }] },
    ]);
    form.exceptions[0].shifts[0].start = "10:00"; // its own copy, not Monday's
    assert.equal(form.days.mon[0].start, "09:00");
    assert.equal(addException(form, "2026-12-21"), form.exceptions, "a date already there is kept");
  });

  it("finds bad exceptions, named by their place", () => {
    const form = hoursForm(STORED);
    form.exceptions = [
      { date: "2026-12-24", shifts: [{ start: "09:00", end: "09:00" }] },
      { date: "2026-12-24", shifts: [] },
      { date: "2026-02-30", shifts: [{ start: "", end: "12:00" }] },
    ];
    assert.deepEqual(hoursErrors(form), {
      "exceptions.0.0.end": "sameStartEnd",
      "exceptions.1.date": "duplicateDate",
      "exceptions.2.date": "invalidDate",
      "exceptions.2.0.start": "invalidClock",
    });
  });
});
