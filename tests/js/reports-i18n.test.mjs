import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { STRINGS, stringsFor } from "../../kefu/static/reports/i18n.js";

describe("reports strings", () => {
  it("have the same keys, of the same kinds, in English and Chinese", () => {
    assert.deepEqual(Object.keys(STRINGS.zh).sort(), Object.keys(STRINGS.en).sort());
    for (const key of Object.keys(STRINGS.en)) {
      assert.equal(typeof STRINGS.zh[key], typeof STRINGS.en[key], key);
      if (typeof STRINGS.en[key] === "string") assert.notEqual(STRINGS.zh[key], "", key);
      if (typeof STRINGS.en[key] === "function") assert.equal(STRINGS.zh[key].length, STRINGS.en[key].length, key);
    }
  });

  it("cover every key the page template names", () => {
    const html = readFileSync(new URL("../../kefu/templates/reports.html", import.meta.url), "utf8");
    const keys = [...html.matchAll(/data-i18n(?:-label|-title)?="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(keys.length > 20);
    for (const key of keys) {
      assert.equal(typeof STRINGS.en[key], "string", key);
      assert.equal(typeof STRINGS.zh[key], "string", key);
    }
  });

  it("fill numbers into the sentences", () => {
    assert.equal(STRINGS.en.ratings(1), "1 rating");
    assert.equal(STRINGS.en.ratings(3), "3 ratings");
    assert.equal(STRINGS.zh.ratings(3), "3 条评价");
    assert.equal(STRINGS.en.heatCell("Monday", 9, 2), "Monday 9:00–9:59: 2 conversations");
    assert.equal(STRINGS.zh.heatCell("星期一", 9, 2), "星期一 9:00–9:59：2 个会话");
  });

  it("fall back to English", () => {
    assert.equal(stringsFor("zh"), STRINGS.zh);
    assert.equal(stringsFor("fr"), STRINGS.en);
  });
});
