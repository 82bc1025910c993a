import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  formatDay,
  formatDayRange,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRating,
  intlLocale,
  weekdayNames,
} from "../../kefu/static/reports/format.js";
import { STRINGS } from "../../kefu/static/reports/i18n.js";

const { en, zh } = STRINGS;

describe("durations", () => {
  it("read as the two largest units in English", () => {
    assert.equal(formatDuration(80, en), "1 min 20 s");
    assert.equal(formatDuration(45, en), "45 s");
    assert.equal(formatDuration(45.4, en), "45 s");
    assert.equal(formatDuration(0, en), "0 s");
    assert.equal(formatDuration(0.2, en), "< 1 s");
    assert.equal(formatDuration(60, en), "1 min");
    assert.equal(formatDuration(3599, en), "59 min 59 s");
    assert.equal(formatDuration(3600, en), "1 h");
    assert.equal(formatDuration(7530, en), "2 h 6 min");
    assert.equal(formatDuration(90000, en), "1 d 1 h");
    assert.equal(formatDuration(172800, en), "2 d");
  });

  it("read the same way in Chinese", () => {
    assert.equal(formatDuration(80, zh), "1 分 20 秒");
    assert.equal(formatDuration(45, zh), "45 秒");
    assert.equal(formatDuration(0.2, zh), "不到 1 秒");
    assert.equal(formatDuration(7530, zh), "2 小时 6 分");
    assert.equal(formatDuration(90000, zh), "1 天 1 小时");
  });

  it("show a dash when there is no value", () => {
    for (const value of [null, undefined, NaN]) {
      assert.equal(formatDuration(value, en), "—");
      assert.equal(formatDuration(value, zh), "—");
    }
  });
});

describe("numbers and days", () => {
  it("use the page's locale", () => {
    assert.equal(intlLocale("zh", "zh-TW"), "zh-CN");
    assert.equal(intlLocale("en", "en-GB"), "en-GB");
    assert.equal(intlLocale("en", "de-DE"), "en");
    assert.equal(intlLocale("en", "not a locale!"), "en");
    assert.equal(formatNumber(12345, "en"), "12,345");
    assert.equal(formatNumber(4.256, "en", 2), "4.26");
    assert.equal(formatNumber(null, "en"), "—");
    assert.equal(formatPercent(0.25, "en"), "25%");
    assert.equal(formatRating(4, "en"), "4.00");
    assert.equal(formatRating(4.256, "zh-CN"), "4.26");
    assert.equal(formatRating(null, "en"), "—");
  });

  it("write days without shifting them by the machine's zone", () => {
    assert.equal(formatDay("2026-12-01", "en"), "Dec 1");
    assert.equal(formatDay("2026-12-01", "en", true), "Dec 1, 2026");
    assert.equal(formatDay("2026-12-01", "zh-CN"), "12月1日");
    assert.match(formatDayRange("2026-11-05", "2026-12-04", "en"), /^Nov 5\s?–\s?Dec 4, 2026$/);
    assert.equal(formatDayRange("2026-11-05", "2026-12-04", "zh-CN"), "2026年11月5日 – 12月4日");
    assert.equal(formatDayRange("2025-12-29", "2026-01-04", "zh-CN"), "2025年12月29日 – 2026年1月4日");
    assert.match(formatDayRange("2026-12-10", "2026-12-01", "en"), /Dec 10, 2026 – Dec 1, 2026/);
  });

  it("name the weekdays Monday first", () => {
    assert.deepEqual(weekdayNames("en"), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    assert.deepEqual(weekdayNames("zh-CN"), ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]);
  });
});
