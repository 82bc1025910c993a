import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { VISITOR_STRINGS } from "../../kefu/static/dashboard/visitor-strings.js";
import {
  deviceWords,
  earlierSummary,
  firstLine,
  localTime,
  priorityWords,
  routeSentence,
  visitorZone,
} from "../../kefu/static/dashboard/visitor-words.js";

const EN = VISITOR_STRINGS.en;
const ZH = VISITOR_STRINGS.zh;

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

describe("visitor panel strings", () => {
  it("have the same keys, of the same kinds, in English and Chinese", () => {
    sameShape(EN, ZH);
  });
});

describe("routeSentence", () => {
  const names = new Map([[7, "Ann"]]);
  const nameOf = (id) => names.get(id);

  it("words every reason the server writes", () => {
    const cases = [
      ["least loaded (0/5)", "Assigned to the least busy agent (0 of 5 chats)"],
      ["least loaded (2/4), widened beyond billing",
        "Assigned to the least busy agent (2 of 4 chats); nobody in billing was free, so any agent could take it"],
      ["returning visitor: previous agent", "Returning visitor: back to the agent who served them"],
      ["next in ranking after a race", "Assigned to the next least busy agent (the first choice was just taken)"],
      ["no eligible agent", "Waiting: no agent is free"],
      ["no eligible agent in sales", "Waiting: nobody in sales is free"],
      ["transferred to Bea Chen", "Transferred to Bea Chen"],
      ["transferred to the billing team", "Transferred to the billing team"],
      ["picked by Ann", "Picked by hand by Ann"],
      ["agent 7 offline past the grace period", "Back in the queue: Ann lost the connection"],
      ["agent 9 deactivated", "Back in the queue: agent #9’s account was deactivated"],
    ];
    for (const [reason, sentence] of cases) assert.equal(routeSentence(reason, EN, nameOf), sentence, reason);
  });

  it("says the same in Chinese", () => {
    assert.equal(routeSentence("least loaded (0/5)", ZH), "分配给当前最空闲的客服（0/5 个对话）");
    assert.equal(routeSentence("returning visitor: previous agent", ZH), "老访客：回到上次接待的客服");
    assert.equal(routeSentence("transferred to the billing team", ZH), "已转接给 billing 团队");
    assert.equal(routeSentence("picked by Ann", ZH), "由 Ann 手动接入");
    assert.equal(routeSentence("agent 7 offline past the grace period", ZH, nameOf), "回到排队：Ann 连接已断开");
  });

  it("shows an unknown reason as written, and nothing for none", () => {
    assert.equal(routeSentence("something new", EN), "something new");
    assert.equal(routeSentence(null, EN), null);
    assert.equal(routeSentence("  ", EN), null);
  });
});

describe("priorityWords", () => {
  it("says nothing for the usual 0 and words the others", () => {
    assert.equal(priorityWords(0, EN), null);
    assert.equal(priorityWords(undefined, EN), null);
    assert.equal(priorityWords(5, EN), "High (+5): served before others in the queue");
    assert.equal(priorityWords(-3, EN), "Low (-3): served after others in the queue");
    assert.equal(priorityWords(5, ZH), "高（+5）：排队时优先接待");
  });
});

describe("deviceWords", () => {
  // What kefu/devices.py (ua-parser 1.0.2) makes of real User-Agent strings.
  const cases = [
    [{ browser: "Chrome 120", os: "Windows 10", device: null }, "Chrome 120 on Windows 10 or 11 · computer", "Windows 10 或 11 上的 Chrome 120 · 电脑"],
    [{ browser: "Edge 120", os: "Windows 10", device: null }, "Microsoft Edge 120 on Windows 10 or 11 · computer", null],
    [{ browser: "Edge Mobile 120", os: "Android 10", device: "K" }, "Microsoft Edge 120 on Android 10 · phone", null],
    [{ browser: "Firefox 121", os: "Ubuntu", device: null }, "Firefox 121 on Ubuntu Linux · computer", null],
    [{ browser: "Firefox 121", os: "Linux", device: null }, "Firefox 121 on Linux · computer", null],
    [{ browser: "Firefox Mobile 121", os: "Android 14", device: "Generic Smartphone" }, "Firefox 121 on Android 14 · phone", null],
    [{ browser: "Safari 17", os: "Mac OS X 10.15", device: "Mac" }, "Safari 17 on macOS · computer", "macOS 上的 Safari 17 · 电脑"],
    [{ browser: "Mobile Safari 17", os: "iOS 17.1", device: "iPhone" }, "Safari 17 on iOS 17.1 · iPhone", null],
    [{ browser: "Chrome Mobile iOS 120", os: "iOS 17.1", device: "iPhone" }, "Chrome 120 on iOS 17.1 · iPhone", null],
    [{ browser: "Chrome Mobile 120", os: "Android 10", device: "K" }, "Chrome 120 on Android 10 · phone", "Android 10 上的 Chrome 120 · 手机"],
    [{ browser: "Samsung Internet 23", os: "Android 14", device: "Samsung SM-S911B" },
      "Samsung Internet 23 on Android 14 · Samsung SM-S911B", null],
    [{ browser: "WeChat Browser 8", os: "iOS 17.1", device: "iPhone" }, "WeChat 8 on iOS 17.1 · iPhone", "iOS 17.1 上的 微信 8 · iPhone"],
    [{ browser: "QQ Browser Mobile 14", os: "Android 12", device: "Oppo PCAM00" }, "QQ Browser 14 on Android 12 · Oppo PCAM00", "Android 12 上的 QQ 浏览器 14 · Oppo PCAM00"],
    [{ browser: "Chrome Mobile WebView 120", os: "Android 13", device: "Pixel 7" }, "in an app on Android 13 · Pixel 7", null],
    [{ browser: "Chrome 120", os: "Chrome OS 14541.0", device: null }, "Chrome 120 on ChromeOS · computer", null],
    [{ browser: null, os: "iOS 16.6", device: "iPad" }, "iOS 16.6 · iPad", null],
  ];

  it("knows WeChat on Android by its own token (ua-parser sees a WebView)", () => {
    const ua = "Mozilla/5.0 (Linux; Android 13; V2148A Build/TP1A.220624.014; wv) AppleWebKit/537.36 " +
      "(KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 MicroMessenger/8.0.42.2460";
    const device = { browser: "Chrome Mobile WebView 111", os: "Android 13", device: "V2148A" };
    assert.equal(deviceWords(device, EN, ua), "WeChat 8 on Android 13 · V2148A");
    assert.equal(deviceWords(device, ZH, ua), "Android 13 上的 微信 8 · V2148A");
  });

  it("names browser, system and device as people call them", () => {
    for (const [device, en, zh] of cases) {
      assert.equal(deviceWords(device, EN), en, JSON.stringify(device));
      if (zh) assert.equal(deviceWords(device, ZH), zh, JSON.stringify(device));
    }
  });

  it("gives nothing when nothing is known", () => {
    assert.equal(deviceWords(null, EN), "");
    assert.equal(deviceWords({ browser: null, os: null, device: null }, EN), "");
  });
});

describe("the visitor's local time", () => {
  const noon = Date.parse("2026-12-04T12:00:00Z");

  it("comes from a valid zone the page gave", () => {
    const visitor = { attributes: { timezone: "Asia/Shanghai" } };
    assert.equal(visitorZone(visitor), "Asia/Shanghai");
    assert.equal(localTime(visitor, noon, "en-GB", EN), "20:00 (Asia/Shanghai)");
    assert.equal(localTime({ attributes: { tz: "Europe/Berlin" } }, noon, "en-GB", EN), "13:00 (Europe/Berlin)");
  });

  it("is left out when unknown or invalid", () => {
    assert.equal(localTime({ attributes: {} }, noon, "en", EN), null);
    assert.equal(localTime({ attributes: { timezone: "Mars/Olympus" } }, noon, "en", EN), null);
    assert.equal(localTime({ attributes: { timezone: 8 } }, noon, "en", EN), null);
    assert.equal(localTime(null, noon, "en", EN), null);
  });
});

describe("earlier conversations", () => {
  const msg = (type, content, extra) => Object.assign({ sender: { type }, content }, extra);

  it("take the visitor's first words as the first line", () => {
    assert.equal(firstLine([msg("system", "Transferred"), msg("agent", "Hello!"), msg("visitor", "My  order\nis late")]),
      "My order is late");
    assert.equal(firstLine([msg("agent", "note", { private: true }), msg("agent", "Hi there")]), "Hi there");
    assert.equal(firstLine([msg("visitor", "", { attachment: { name: "photo.png" } })]), "📎 photo.png");
    assert.equal(firstLine([]), null);
  });

  it("sum up date, agent, rating and line", () => {
    const conv = { id: 3, status: "closed", created_at: "2026-03-03T10:00:00Z", agent: { id: 1, name: "Ann" }, rating: 4 };
    assert.deepEqual(earlierSummary(conv, "Where is my parcel?", EN, "en-US"), {
      date: "Mar 3, 2026",
      agent: "Ann",
      state: "★ 4/5",
      line: "Where is my parcel?",
      label: "Conversation of Mar 3, 2026 with Ann",
    });
    const unrated = earlierSummary({ ...conv, rating: null, agent: null }, null, EN, "en-US");
    assert.equal(unrated.state, "Not rated");
    assert.equal(unrated.agent, "No agent");
    assert.equal(unrated.line, "No messages");
    assert.equal(earlierSummary(conv, undefined, EN, "en-US").line, "");
    assert.equal(earlierSummary({ ...conv, status: "open" }, "x", ZH, "zh-CN").state, "进行中");
    assert.equal(earlierSummary(conv, "x", ZH, "zh-CN").date, "2026年3月3日");
  });
});
