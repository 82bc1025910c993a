import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { formatAge, formatDate, formatTime, initials } from "../../kefu/static/widget/core/format.js";

describe("formatAge", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");
  const ago = (seconds) => new Date(now - seconds * 1000).toISOString();

  it("says <1 min under a minute, and for times in the future", () => {
    assert.equal(formatAge(ago(0), now), "<1 min");
    assert.equal(formatAge(ago(59), now), "<1 min");
    assert.equal(formatAge(ago(-600), now), "<1 min");
  });

  it("counts minutes, then hours and minutes, then days", () => {
    assert.equal(formatAge(ago(60), now), "1 min");
    assert.equal(formatAge(ago(59 * 60), now), "59 min");
    assert.equal(formatAge(ago(65 * 60), now), "1 h 5 min");
    assert.equal(formatAge(ago(23 * 3600 + 59 * 60), now), "23 h 59 min");
    assert.equal(formatAge(ago(49 * 3600), now), "2 d");
  });

  it("treats an unreadable time as now", () => {
    assert.equal(formatAge("not a date", Date.now()), "<1 min");
  });
});

describe("formatTime", () => {
  it("shows only the time for today", () => {
    const today = new Date();
    today.setHours(14, 7, 0, 0);
    assert.equal(formatTime(today.toISOString(), "de-DE"), "14:07");
  });

  it("adds the date for another day", () => {
    const other = new Date(2024, 2, 5, 14, 7);
    const text = formatTime(other.toISOString(), "en-US");
    assert.match(text, /Mar/);
    assert.match(text, /5/);
    assert.match(text, /02:07/);
  });

  it("falls back to the default locale for a malformed one", () => {
    const today = new Date();
    assert.equal(typeof formatTime(today.toISOString(), "not a locale!"), "string");
    assert.notEqual(formatTime(today.toISOString(), "not a locale!"), "");
  });
});

describe("formatDate", () => {
  it("names weekday, month and day", () => {
    assert.equal(formatDate(new Date(2024, 2, 5, 12).toISOString(), "en-US"), "Tue, Mar 5");
  });

  it("falls back to toDateString for a malformed locale", () => {
    const d = new Date(2024, 2, 5, 12);
    assert.equal(formatDate(d.toISOString(), "not a locale!"), d.toDateString());
  });
});

describe("initials", () => {
  it("takes the first letters of the first and last words", () => {
    assert.equal(initials("Jane Doe"), "JD");
    assert.equal(initials("  ada   king lovelace "), "AL");
    assert.equal(initials("cher"), "C");
  });

  it("keeps whole characters outside the BMP and CJK names", () => {
    assert.equal(initials("𝒜lice Bob"), "𝒜B");
    assert.equal(initials("王 小明"), "王小");
  });

  it("is ? without a name", () => {
    assert.equal(initials(""), "?");
    assert.equal(initials(null), "?");
    assert.equal(initials("   "), "?");
  });
});
