import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  callList,
  checkAttributes,
  checkIdentify,
  checkLocale,
  checkSkillGroup,
  pageMessage,
} from "../../kefu/static/widget/page-api.js";
import { ProfileUpdates } from "../../kefu/static/widget/profile-updates.js";

describe("checkIdentify", () => {
  it("takes a user with the hash, numbers made strings, hashes lower-cased", () => {
    assert.deepEqual(checkIdentify({ user_id: 42, user_hash: "AB12", name: "Jane", email: "j@x.io" }).value, {
      user_id: "42",
      user_hash: "ab12",
      name: "Jane",
      email: "j@x.io",
    });
  });

  it("takes name and email alone (the current visitor's profile)", () => {
    assert.deepEqual(checkIdentify({ name: "Jane" }).value, { name: "Jane" });
  });

  const bad = [
    ["not an object", "jane"],
    ["an array", [1]],
    ["nothing to use", {}],
    ["user_id without user_hash", { user_id: "42" }],
    ["a hash that is not hex", { user_id: "42", user_hash: "zz" }],
    ["a user_id over 128", { user_id: "x".repeat(129), user_hash: "ab" }],
    ["a name over 128 characters", { name: "名".repeat(129) }],
    ["a malformed email", { email: "jane@" }],
    ["a NUL character", { name: "a\u0000b" }],
    ["a lone surrogate", { name: "a\uD800" }],
  ];
  for (const [what, value] of bad) {
    it("refuses " + what, () => {
      const result = checkIdentify(value);
      assert.equal(result.value, undefined);
      assert.equal(result.error.code, "invalid_argument");
    });
  }

  it("counts characters as the server does (code points)", () => {
    assert.ok(checkIdentify({ name: "😀".repeat(128) }).value);
  });
});

describe("checkAttributes", () => {
  it("keeps strings, whole numbers, booleans and null (removal)", () => {
    const attrs = { plan: "pro", seats: 3, trial: false, old: null };
    assert.deepEqual(checkAttributes(attrs, {}), { value: attrs });
  });

  it("keeps the good entries and names the bad ones", () => {
    const result = checkAttributes({ ok: 1, price: 9.5, "": 1, long: "x".repeat(256), list: [1], k: undefined }, {});
    assert.deepEqual(result.value, { ok: 1 });
    assert.equal(result.error.code, "invalid_attributes");
    for (const key of ['"price"', '""', '"long"', '"list"', '"k"']) assert.match(result.error.message, new RegExp(key));
  });

  it("holds the server's limit of 50 attributes, counting those set before", () => {
    const known = Object.fromEntries(Array.from({ length: 49 }, (_, i) => ["k" + i, i]));
    const result = checkAttributes({ k0: 5, fresh: 1, another: 2 }, known);
    assert.deepEqual(result.value, { k0: 5, fresh: 1 });
    assert.match(result.error.message, /"another"/);
    assert.deepEqual(checkAttributes({ k0: null, another: 2 }, Object.assign({ fresh: 1 }, known)).value, {
      k0: null,
      another: 2,
    });
  });

  it("refuses what is not an object, and an empty one", () => {
    assert.equal(checkAttributes("plan=pro").error.code, "invalid_argument");
    assert.equal(checkAttributes(null).error.code, "invalid_argument");
    assert.equal(checkAttributes({}).error.code, "invalid_argument");
  });
});

describe("checkLocale and checkSkillGroup", () => {
  it("take language tags and group names", () => {
    assert.equal(checkLocale("zh-CN").value, "zh-CN");
    assert.equal(checkLocale("en").value, "en");
    assert.equal(checkSkillGroup("vip_care.eu-1").value, "vip_care.eu-1");
  });

  it("refuse anything else", () => {
    for (const value of [42, "", "zh_CN", "x".repeat(40), null]) assert.ok(checkLocale(value).error, String(value));
    for (const value of [42, "", "two words", "x".repeat(65), null]) assert.ok(checkSkillGroup(value).error, String(value));
  });
});

describe("callList", () => {
  it("keeps known calls with argument lists", () => {
    const calls = [["setLocale", ["en"]], ["open", []], ["reset", []], ["identify", "x"], "junk", ["__proto__", []]];
    assert.deepEqual(callList(calls), [["setLocale", ["en"]], ["reset", []]]);
    assert.deepEqual(callList(undefined), []);
  });
});

describe("pageMessage", () => {
  const agent = { id: 1, conversation_id: 7, seq: 3, type: "text", content: "Hi", client_id: "c",
    sender: { type: "agent", id: "4", name: "Mei" }, created_at: "2026-01-01T00:00:00Z" };

  it("gives the page an agent's message, without ids it does not need", () => {
    assert.deepEqual(pageMessage(agent), { conversation_id: 7, seq: 3, content: "Hi", type: "text",
      sender: { name: "Mei" } });
  });

  it("gives nothing of private notes, the visitor's own or system messages", () => {
    assert.equal(pageMessage(Object.assign({}, agent, { private: true })), null);
    assert.equal(pageMessage(Object.assign({}, agent, { sender: { type: "visitor" } })), null);
    assert.equal(pageMessage(Object.assign({}, agent, { sender: { type: "system" } })), null);
    assert.equal(pageMessage(null), null);
  });
});

/** A ProfileUpdates on a fake server: `answers` are the statuses it gives, in order (else 200). */
function fakeServer(answers = []) {
  const sent = [];
  const refused = [];
  let token = null;
  let refreshes = 0;
  const updates = new ProfileUpdates({
    token: () => token,
    send: async (body, t) => {
      sent.push({ body: JSON.parse(JSON.stringify(body)), token: t });
      const status = answers.length ? answers.shift() : 200;
      if (status === "down") throw new TypeError("Failed to fetch");
      return { status, data: status >= 400 ? { error: { code: "bad", message: "no" } } : {} };
    },
    refresh: () => {
      refreshes += 1;
    },
    refused: (body, error) => refused.push({ body, error }),
  }, 5);
  return {
    updates,
    sent,
    refused,
    setToken: (t) => {
      token = t;
    },
    refreshes: () => refreshes,
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("ProfileUpdates", () => {
  it("waits for a token, then sends in order", async () => {
    const server = fakeServer();
    await server.updates.push({ attributes: { plan: "pro" } });
    await server.updates.push({ locale: "zh-CN" });
    assert.equal(server.sent.length, 0);
    server.setToken("t1");
    await server.updates.authenticated("v_1");
    assert.deepEqual(server.sent.map((s) => s.body), [{ attributes: { plan: "pro" } }, { locale: "zh-CN" }]);
    assert.ok(server.sent.every((s) => s.token === "t1"));
  });

  it("sends every attribute again to another visitor (identify), none after forget (reset)", async () => {
    const server = fakeServer();
    server.setToken("t1");
    await server.updates.authenticated("v_1");
    await server.updates.push({ attributes: { plan: "pro", team: "tea" } });
    await server.updates.push({ attributes: { team: null } });
    await server.updates.authenticated("v_1"); // the same visitor: nothing again
    assert.equal(server.sent.length, 2);
    await server.updates.authenticated("v_2");
    assert.deepEqual(server.sent[2].body, { attributes: { plan: "pro" } });
    server.updates.forget();
    await server.updates.authenticated("v_3");
    assert.equal(server.sent.length, 3);
  });

  it("asks for a new token on 401 and keeps the body", async () => {
    const server = fakeServer([401]);
    server.setToken("old");
    await server.updates.push({ locale: "en" });
    assert.equal(server.refreshes(), 1);
    server.setToken("new");
    await server.updates.authenticated("v_1");
    assert.deepEqual(server.sent.map((s) => s.token), ["old", "new"]);
  });

  it("reports a refusal and goes on with the next body", async () => {
    const server = fakeServer([400]);
    server.setToken("t");
    await server.updates.push({ skill_group: "nope" });
    await server.updates.push({ locale: "en" });
    assert.equal(server.refused.length, 1);
    assert.deepEqual(server.refused[0].body, { skill_group: "nope" });
    assert.equal(server.sent.length, 2);
  });

  it("retries when the server was not reached", async () => {
    const server = fakeServer(["down", 503]);
    server.setToken("t");
    await server.updates.push({ locale: "en" });
    for (let i = 0; i < 20 && server.sent.length < 3; i++) await tick();
    assert.equal(server.sent.length, 3);
    assert.equal(server.refused.length, 0);
    server.updates.forget();
  });
});
