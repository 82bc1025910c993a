import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { STRINGS, noticeText } from "../../kefu/static/dashboard/i18n.js";

/** Same keys, of the same kinds (and arities), at every level of two string tables. */
function sameShape(en, zh, path) {
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort(), path || "top");
  for (const key of Object.keys(en)) {
    const where = (path ? path + "." : "") + key;
    assert.equal(typeof zh[key], typeof en[key], where);
    if (typeof en[key] === "string") assert.notEqual(zh[key], "", where);
    if (typeof en[key] === "function") assert.equal(zh[key].length, en[key].length, where);
    if (en[key] && typeof en[key] === "object") sameShape(en[key], zh[key], where);
  }
}

describe("dashboard strings", () => {
  it("have the same keys, of the same kinds, in English and Chinese", () => {
    sameShape(STRINGS.en, STRINGS.zh);
  });

  it("cover every key the page template names", () => {
    const html = readFileSync(new URL("../../kefu/templates/dashboard.html", import.meta.url), "utf8");
    const keys = [...html.matchAll(/data-i18n(?:-label|-title)?="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(keys.length > 30, "the template names its strings");
    for (const key of keys) {
      assert.equal(typeof STRINGS.en[key], "string", key);
      assert.equal(typeof STRINGS.zh[key], "string", key);
    }
  });

  it("leave no visible English in the template without a key", () => {
    const html = readFileSync(new URL("../../kefu/templates/dashboard.html", import.meta.url), "utf8");
    // Text between tags of an element with no data-i18n and no id (JS fills those by id).
    const bare = [...html.matchAll(/<(\w+)((?:(?!data-i18n|\bid=)[^>])*)>([^<>{}]*[A-Za-z]{3,}[^<>{}]*)</g)]
      .map((m) => m[3].trim())
      .filter((text) => text && !/^Kefu$/.test(text));
    assert.deepEqual(bare, []);
  });

  it("render system notices by code in each language, else nothing", () => {
    const notice = { code: "transferred_to_agent", params: { agent: "Bea" } };
    assert.equal(noticeText(notice, STRINGS.en), "Transferred to Bea.");
    assert.equal(noticeText(notice, STRINGS.zh), "已转接给 Bea。");
    assert.equal(noticeText({ code: "closed_inactive", params: { minutes: 30 } }, STRINGS.zh),
      "对话在 30 分钟无消息后自动结束。");
    assert.equal(noticeText({ code: "unknown" }, STRINGS.en), null);
    assert.equal(noticeText(null, STRINGS.en), null);
  });

  it("fill names and numbers into the sentences", () => {
    assert.equal(STRINGS.en.meMeta("Agent", 7, 2, 5), "Agent · ID 7 · 2/5 open");
    assert.equal(STRINGS.zh.meMeta("客服", 7, 2, 5), "客服 · ID 7 · 进行中 2/5");
    assert.equal(STRINGS.en.everySeconds(15), "15 seconds");
    assert.equal(STRINGS.en.everySeconds(60), "1 minute");
    assert.equal(STRINGS.en.everySeconds(120), "2 minutes");
    assert.equal(STRINGS.zh.everySeconds(120), "2 分钟");
  });
});

describe("ages in the agent's language", () => {
  it("say how long ago in English by default and in Chinese with its units", async () => {
    const { formatAge } = await import("../../kefu/static/widget/core/format.js");
    const now = Date.parse("2026-12-04T12:00:00Z");
    const at = (minutes) => new Date(now - minutes * 60000).toISOString();
    assert.equal(formatAge(at(0), now), "<1 min");
    assert.equal(formatAge(at(65), now), "1 h 5 min");
    assert.equal(formatAge(at(65), now, STRINGS.en.age), "1 h 5 min");
    assert.equal(formatAge(at(5), now, STRINGS.zh.age), "5 分钟");
    assert.equal(formatAge(at(65), now, STRINGS.zh.age), "1 小时 5 分钟");
    assert.equal(formatAge(at(3 * 1440), now, STRINGS.zh.age), "3 天");
  });
});
