import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { addHoliday, hoursErrors, hoursForm, hoursPatch, overnight, storedShift, zoneChoices } from "../../kefu/static/admin/hours-model.js";

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
});
