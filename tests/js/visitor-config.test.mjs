import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { authBody, effectiveLooks, isHexColor, sanitizeConfig } from "../../kefu/static/widget/visitor-config.js";

const ALL = { profile: true, skill: true, stored: true };
const STORED = { visitor_id: "v_1", visitor_secret: "s3cret" };

describe("sanitizeConfig", () => {
  it("keeps known non-empty strings only, cut at 2 KB", () => {
    const config = sanitizeConfig({
      name: "Jane",
      email: "",
      user_id: 42,
      locale: "de",
      page_url: "https://shop.example/" + "x".repeat(5000),
      onload: "alert(1)",
    });
    assert.deepEqual(Object.keys(config).sort(), ["locale", "name", "page_url"]);
    assert.equal(config.page_url.length, 2048);
  });
});

describe("isHexColor", () => {
  it("accepts #rgb and #rrggbb only", () => {
    assert.equal(isHexColor("#2563eb"), true);
    assert.equal(isHexColor("#FFF"), true);
    for (const value of ["2563eb", "#2563e", "red", "#12345g", "#fff;background:url(x)", undefined]) {
      assert.equal(isHexColor(value), false, String(value));
    }
  });
});

describe("authBody", () => {
  it("sends the profile within the server's limits, the skill group and the stored visitor", () => {
    const body = authBody({ name: "n".repeat(300), email: "a@b.example", skill_group: "g".repeat(100) }, STORED, ALL);
    assert.equal(body.name.length, 128);
    assert.equal(body.email, "a@b.example");
    assert.equal(body.skill_group.length, 64);
    assert.equal(body.visitor_id, "v_1");
    assert.equal(body.visitor_secret, "s3cret");
  });

  it("prefers a signed user identity over the stored visitor", () => {
    const body = authBody({ user_id: "42", user_hash: "abc" }, STORED, ALL);
    assert.deepEqual(body, { user_id: "42", user_hash: "abc" });
  });

  it("ignores a user id without its hash", () => {
    const body = authBody({ user_id: "42" }, STORED, ALL);
    assert.equal(body.user_id, undefined);
    assert.equal(body.visitor_id, "v_1");
  });

  it("leaves out what a retry must not send again", () => {
    const config = { name: "Jane", skill_group: "sales" };
    assert.deepEqual(authBody(config, STORED, { profile: false, skill: false, stored: false }), {});
    assert.deepEqual(authBody(config, null, ALL), { name: "Jane", skill_group: "sales" });
  });
});

describe("effectiveLooks", () => {
  it("takes the embedding page's own colour and side first", () => {
    const looks = effectiveLooks({ color: "#111", position: "left" }, { color: "#222222", position: "right" });
    assert.deepEqual(looks, { color: "#111", position: "left" });
  });

  it("takes the admin's settings when the page says nothing", () => {
    assert.deepEqual(effectiveLooks({}, { color: "#0f766e", position: "left" }), { color: "#0f766e", position: "left" });
  });

  it("falls back to the defaults, and ignores what is not a colour or a side", () => {
    assert.deepEqual(effectiveLooks({ color: "red", position: "top" }, null), { color: "#2563eb", position: "right" });
    assert.deepEqual(effectiveLooks({}, { color: "url(x)", position: "middle" }), { color: "#2563eb", position: "right" });
  });
});
