import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  addDays,
  apiQuery,
  dayCount,
  filtersFromSearch,
  isDay,
  presetOf,
  presetRange,
  searchFromFilters,
  todayIn,
} from "../../kefu/static/reports/filters.js";

const HERE = { today: "2026-12-04", timeZone: "Asia/Shanghai" };

describe("days", () => {
  it("knows a real calendar day from a malformed one", () => {
    for (const day of ["2026-12-04", "2024-02-29", "2026-01-01"]) assert.ok(isDay(day), day);
    for (const day of ["2026-02-29", "2026-13-01", "2026-1-1", "", null, "2026-12-04T00:00", "yesterday"]) {
      assert.ok(!isDay(day), String(day));
    }
  });

  it("moves across months, years and leap days", () => {
    assert.equal(addDays("2026-12-04", -6), "2026-11-28");
    assert.equal(addDays("2026-01-01", -1), "2025-12-31");
    assert.equal(addDays("2024-02-28", 1), "2024-02-29");
    assert.equal(addDays("2026-03-28", 2), "2026-03-30"); // across a DST change elsewhere
    assert.equal(dayCount("2026-12-04", "2026-12-04"), 1);
    assert.equal(dayCount("2026-11-05", "2026-12-04"), 30);
  });

  it("takes today in the report's time zone", () => {
    const now = new Date("2026-12-04T20:30:00Z");
    assert.equal(todayIn("UTC", now), "2026-12-04");
    assert.equal(todayIn("Asia/Shanghai", now), "2026-12-05");
    assert.equal(todayIn("America/Los_Angeles", now), "2026-12-04");
    assert.equal(todayIn("Not/AZone", now), "2026-12-04");
  });
});

describe("presets", () => {
  it("end today and count today in", () => {
    assert.deepEqual(presetRange(7, "2026-12-04"), { from: "2026-11-28", to: "2026-12-04" });
    assert.deepEqual(presetRange(90, "2026-12-04"), { from: "2026-09-06", to: "2026-12-04" });
  });

  it("are recognised from the days, anything else is custom", () => {
    assert.equal(presetOf({ from: "2026-11-28", to: "2026-12-04" }, "2026-12-04"), 7);
    assert.equal(presetOf({ from: "2026-11-05", to: "2026-12-04" }, "2026-12-04"), 30);
    assert.equal(presetOf({ from: "2026-11-28", to: "2026-12-03" }, "2026-12-04"), null);
    assert.equal(presetOf({ from: "2026-11-29", to: "2026-12-04" }, "2026-12-04"), null);
  });
});

describe("URL and filters", () => {
  it("default to the last 30 days in the viewer's zone, everyone", () => {
    assert.deepEqual(filtersFromSearch("", HERE), {
      from: "2026-11-05",
      to: "2026-12-04",
      agent_id: "",
      skill_group: "",
      tz: "Asia/Shanghai",
      business_hours: false,
    });
  });

  it("read every filter from the query", () => {
    const filters = filtersFromSearch("?from=2026-11-01&to=2026-11-30&agent_id=7&skill_group=sales&tz=UTC&business_hours=1&lang=zh-CN", HERE);
    assert.deepEqual(filters, { from: "2026-11-01", to: "2026-11-30", agent_id: "7", skill_group: "sales", tz: "UTC", business_hours: true });
  });

  it("fall back on malformed values but keep a reversed period for the server to explain", () => {
    assert.deepEqual(filtersFromSearch("?from=junk&to=2026-11-30&agent_id=abc", HERE), {
      from: "2026-11-01",
      to: "2026-11-30",
      agent_id: "",
      skill_group: "",
      tz: "Asia/Shanghai",
      business_hours: false,
    });
    const reversed = filtersFromSearch("?from=2026-12-10&to=2026-12-01", HERE);
    assert.equal(reversed.from, "2026-12-10");
    assert.equal(reversed.to, "2026-12-01");
    assert.equal(filtersFromSearch("?from=2026-11-20", HERE).to, "2026-12-04");
  });

  it("round-trip through the URL, keeping the page's other parameters", () => {
    const filters = { from: "2026-11-01", to: "2026-11-30", agent_id: "7", skill_group: "after sales", tz: "Asia/Shanghai", business_hours: false };
    const search = searchFromFilters(filters, "?lang=zh-CN&from=2020-01-01&business_hours=1");
    assert.equal(search, "?from=2026-11-01&to=2026-11-30&agent_id=7&skill_group=after+sales&tz=Asia%2FShanghai&lang=zh-CN");
    assert.deepEqual(filtersFromSearch(search, HERE), filters);
    const business = { ...filters, business_hours: true };
    assert.deepEqual(filtersFromSearch(searchFromFilters(business), HERE), business);
  });

  it("leave empty filters out of the URL and the API query", () => {
    const filters = { from: "2026-11-28", to: "2026-12-04", agent_id: "", skill_group: "", tz: "UTC" };
    assert.equal(searchFromFilters(filters), "?from=2026-11-28&to=2026-12-04&tz=UTC");
    assert.equal(apiQuery(filters), "from=2026-11-28&to=2026-12-04&tz=UTC");
  });

  it("build the API query with every filter, escaped", () => {
    const filters = { from: "2026-11-28", to: "2026-12-04", agent_id: "3", skill_group: "a&b", tz: "America/New_York", business_hours: true };
    const params = new URLSearchParams(apiQuery(filters));
    assert.deepEqual(Object.fromEntries(params), {
      from: "2026-11-28",
      to: "2026-12-04",
      agent_id: "3",
      skill_group: "a&b",
      tz: "America/New_York",
      business_hours: "1",
    });
  });
});
