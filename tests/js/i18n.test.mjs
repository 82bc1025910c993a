import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { STRINGS, htmlLang, languageOf, stringsFor } from "../../kefu/static/widget/i18n.js";

describe("widget strings", () => {
  it("has the same keys, of the same kinds, in English and Chinese", () => {
    assert.deepEqual(Object.keys(STRINGS.zh).sort(), Object.keys(STRINGS.en).sort());
    for (const key of Object.keys(STRINGS.en)) {
      assert.equal(typeof STRINGS.zh[key], typeof STRINGS.en[key], key);
      if (typeof STRINGS.en[key] === "string") assert.notEqual(STRINGS.zh[key], "", key);
    }
    assert.equal(STRINGS.en.stars.length, 5);
    assert.equal(STRINGS.zh.stars.length, 5);
  });

  it("fills numbers and names into the sentences", () => {
    assert.equal(STRINGS.en.queue(3), "You are number 3 in line. An agent will be with you shortly.");
    assert.equal(STRINGS.zh.queue(3), "您前面还有 2 位，您当前排在第 3 位，请稍候。");
    assert.equal(STRINGS.en.wait(30), "Estimated wait: under a minute.");
    assert.equal(STRINGS.en.wait(150), "Estimated wait: about 3 min.");
    assert.equal(STRINGS.zh.wait(150), "预计等待约 3 分钟。");
    assert.equal(STRINGS.en.typing(null), "The agent is typing…");
    assert.equal(STRINGS.zh.typing("小王"), "小王 正在输入…");
    assert.equal(STRINGS.en.ratingGiven(4), "Thanks for your feedback! You rated this conversation 4 out of 5.");
  });
});

describe("language choice", () => {
  it("picks Chinese for any zh locale, English otherwise", () => {
    for (const locale of ["zh", "zh-CN", "zh-Hant-TW", "ZH-tw"]) assert.equal(languageOf(locale), "zh", locale);
    for (const locale of ["en", "en-GB", "de-DE", "", undefined, null]) assert.equal(languageOf(locale), "en", locale);
  });

  it("sets the page language to zh-CN or en", () => {
    assert.equal(htmlLang("zh-TW"), "zh-CN");
    assert.equal(htmlLang("fr-FR"), "en");
  });

  it("looks strings up in the chosen language", () => {
    assert.equal(stringsFor("zh-CN").title, "在线客服");
    assert.equal(stringsFor("en-US").title, "Chat with us");
    assert.equal(stringsFor("ja-JP").send, "Send message");
  });

  it("falls back to English for a string a language lacks", (t) => {
    const saved = STRINGS.zh.earlier;
    delete STRINGS.zh.earlier;
    t.after(() => {
      STRINGS.zh.earlier = saved;
    });
    const T = stringsFor("zh");
    assert.equal(T.earlier, "Show earlier messages");
    assert.equal(T.send, "发送");
  });
});

describe("system notices in the visitor's language", () => {
  it("renders every notice code in both languages, and null for an unknown one", async () => {
    const { noticeText } = await import("../../kefu/static/widget/core/notice-text.js");
    const codes = ["closed", "closed_inactive", "transferred_to_agent", "transferred_to_group", "agent_lost", "agent_left"];
    assert.deepEqual(Object.keys(STRINGS.en.notices).sort(), codes.slice().sort());
    assert.deepEqual(Object.keys(STRINGS.zh.notices).sort(), codes.slice().sort());
    const params = { minutes: 30, agent: "小王", group: "billing" };
    for (const code of codes) {
      const zh = noticeText({ code, params }, STRINGS.zh);
      assert.ok(zh && !/undefined/.test(zh) && /[\u4e00-\u9fff]/.test(zh), code);
    }
    assert.equal(noticeText({ code: "closed_inactive", params }, STRINGS.zh), "会话因 30 分钟无新消息已自动结束。");
    assert.equal(noticeText({ code: "transferred_to_agent", params }, STRINGS.en), "Transferred to 小王.");
    assert.equal(noticeText({ code: "from_the_future", params: {} }, STRINGS.en), null);
    assert.equal(noticeText(null, STRINGS.en), null);
  });
});
