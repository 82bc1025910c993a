import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { STRINGS, T } from "../../kefu/static/admin/i18n.js";

/** [[dotted key, kind, value], …] of a string table, nested tables flattened. */
function entries(table, prefix = "") {
  return Object.entries(table).flatMap(([key, value]) =>
    value && typeof value === "object" ? entries(value, prefix + key + ".") : [[prefix + key, typeof value, value]],
  );
}

function shape(table) {
  return entries(table).map(([key, kind]) => [key, kind]);
}

describe("admin console strings", () => {
  it("has the same keys, of the same kinds, in English and Chinese", () => {
    assert.deepEqual(shape(STRINGS.zh).sort(), shape(STRINGS.en).sort());
  });

  it("has no empty string in either language", () => {
    for (const lang of ["en", "zh"]) {
      for (const [key, kind, value] of entries(STRINGS[lang])) {
        if (kind === "string") assert.notEqual(value.trim(), "", lang + " " + key);
      }
    }
  });

  it("fills names and numbers into the sentences", () => {
    assert.equal(STRINGS.en.load(2, 5), "2 of 5 chats");
    assert.equal(STRINGS.zh.pageOf(2, 3, 41), "第 2 / 3 页 · 共 41 条");
    assert.equal(STRINGS.en.deactivateTitle("Alice"), "Deactivate Alice?");
    assert.match(STRINGS.zh.refusedText("小王", "客服"), /小王/);
  });

  it("names every section and role in both languages", () => {
    const sections = ["agents", "skill-groups", "widget", "hours", "routing", "origins", "api-keys", "identity", "canned", "webhooks", "audit"];
    for (const lang of ["en", "zh"]) {
      assert.deepEqual(Object.keys(STRINGS[lang].sections).sort(), [...sections].sort());
      assert.deepEqual(Object.keys(STRINGS[lang].intros).sort(), [...sections].sort());
      assert.deepEqual(Object.keys(STRINGS[lang].roles).sort(), ["admin", "agent", "supervisor"]);
    }
  });

  it("is English outside a browser", () => {
    assert.equal(T, STRINGS.en);
  });
});
