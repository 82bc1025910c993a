import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { inputFor, messageOf } from "../../kefu/static/admin/errors.js";
import { STRINGS } from "../../kefu/static/admin/i18n.js";
import { isWebhookUrl } from "../../kefu/static/admin/validate.js";
import {
  createBody,
  deliveriesQuery,
  deliveryView,
  EVENT_TYPES,
  formatTime,
  settled,
  updateBody,
  webhookErrors,
  webhookForm,
} from "../../kefu/static/admin/webhook-model.js";

const STORED = {
  id: 7,
  url: "https://crm.example.com/kefu",
  events: ["conversation.closed", "message.created"],
  active: true,
  created_at: "2026-12-04T08:00:00.000Z",
  previous_secret_until: null,
};

describe("webhook URL check", () => {
  for (const url of ["https://crm.example.com/kefu-events", "http://127.0.0.1:8080/hook", "  https://x.example/a?b=1  ", "http://[::1]:9/h"]) {
    it("accepts " + url.trim(), () => assert.equal(isWebhookUrl(url), true));
  }
  for (const url of ["", "ftp://x", "crm.example.com/hook", "https://", "https://user:pw@crm.example.com/", "javascript:alert(1)", "https://" + "a".repeat(2050)]) {
    it("refuses " + JSON.stringify(url.slice(0, 40)), () => assert.equal(isWebhookUrl(url), false));
  }
});

describe("webhook form", () => {
  it("starts a new webhook active, with nothing chosen", () => {
    assert.deepEqual(webhookForm(null), { url: "", events: [], active: true });
    assert.deepEqual(webhookForm(STORED), { url: STORED.url, events: STORED.events, active: true });
  });

  it("asks for an http(s) URL and at least one event", () => {
    assert.deepEqual(webhookErrors({ url: " ", events: [] }), { url: "required", events: "noEvents" });
    assert.deepEqual(webhookErrors({ url: "ftp://x", events: ["message.created"] }), { url: "invalidWebhookUrl" });
    assert.deepEqual(webhookErrors({ url: "https://a.example/h", events: ["message.created"] }), {});
  });

  it("builds the create body: URL trimmed, events in menu order once, unknown ones dropped", () => {
    const form = { url: "  https://a.example/h ", events: ["message.created", "conversation.created", "message.created", "nope"], active: false };
    assert.deepEqual(createBody(form), { url: "https://a.example/h", events: ["conversation.created", "message.created"], active: false });
  });

  it("sends nothing to PATCH when nothing changed (event order does not count)", () => {
    assert.equal(updateBody(STORED, { ...webhookForm(STORED), events: ["message.created", "conversation.closed"] }), null);
  });

  it("sends only what changed", () => {
    assert.deepEqual(updateBody(STORED, { ...webhookForm(STORED), active: false }), { active: false });
    assert.deepEqual(updateBody(STORED, { ...webhookForm(STORED), url: "https://b.example/h " }), { url: "https://b.example/h" });
    assert.deepEqual(updateBody(STORED, { ...webhookForm(STORED), events: ["note.created"] }), { events: ["note.created"] });
  });

  it("offers the eight event types of the contract, each explained in both languages", () => {
    assert.equal(EVENT_TYPES.length, 8);
    for (const lang of ["en", "zh"]) assert.deepEqual(Object.keys(STRINGS[lang].eventHelp).sort(), [...EVENT_TYPES].sort());
  });
});

describe("server errors of the webhook form", () => {
  const FIELDS = { url: "url", events: "events", active: "active", "@webhook_url_refused": "url" };

  it("puts a refused URL next to the URL field, in the console's words", () => {
    const error = { code: "webhook_url_refused", message: "url is not allowed: …", field: "url" };
    assert.equal(inputFor(error, FIELDS), "url");
    assert.match(messageOf(error, STRINGS.en), /may not send to this address/);
    assert.match(messageOf(error, STRINGS.zh), /不允许推送到此地址/);
  });

  it("finds a validation error on one of the events under the events list", () => {
    assert.equal(inputFor({ code: "invalid_field", message: "'events.0': Input should be …" }, FIELDS), "events");
  });
});

describe("delivery log", () => {
  it("asks for a page newest first, with the status filter and before the last id shown", () => {
    assert.equal(deliveriesQuery({}), "?limit=20");
    assert.equal(deliveriesQuery({ status: "failed", before: 41 }), "?limit=20&before=41&status=failed");
    assert.equal(deliveriesQuery({ status: "bogus", limit: 5 }), "?limit=5");
  });

  const PENDING = {
    id: 12,
    event_id: "evt_1",
    event_type: "message.created",
    status: "pending",
    attempts: 2,
    last_status_code: 500,
    last_error: "HTTP 500",
    last_attempt_at: "2026-12-04T16:20:05.000Z",
    next_attempt_at: "2026-12-04T16:20:15.000Z",
  };

  it("shows a pending delivery with its code, error and next attempt, in the admin's locale", () => {
    const view = deliveryView(PENDING, STRINGS.en, "en", "UTC");
    assert.equal(view.statusLabel, "Pending");
    assert.equal(view.attempts, "2");
    assert.equal(view.code, "500");
    assert.equal(view.error, "HTTP 500");
    assert.match(view.lastAttempt, /^Dec 4, 4:20:05\sPM$/);
    assert.match(view.nextAttempt, /4:20:15/);
    assert.match(formatTime(PENDING.last_attempt_at, "en", "UTC", true), /December 4, 2026.*4:20:05/);
    const zh = deliveryView(PENDING, STRINGS.zh, "zh-CN", "Asia/Shanghai");
    assert.equal(zh.statusLabel, "等待重试");
    assert.match(zh.lastAttempt, /^12月5日\s*0?0:20:05$/);
  });

  it("shows no next attempt once delivered, and a dash for what is not known", () => {
    const view = deliveryView({ ...PENDING, status: "delivered", last_status_code: null, last_error: null, attempts: 1 }, STRINGS.en, "en", "UTC");
    assert.equal(view.statusLabel, "Delivered");
    assert.equal(view.code, "—");
    assert.equal(view.error, "—");
    assert.equal(view.nextAttempt, "—");
    assert.equal(formatTime(null, "en"), null);
  });

  it("knows when a followed event's new delivery has settled", () => {
    const log = [{ id: 30, event_id: "evt_a", status: "pending" }, { id: 20, event_id: "evt_a", status: "delivered" }];
    assert.equal(settled(log, "evt_a", 20), false);
    assert.equal(settled([{ ...log[0], status: "delivered" }, log[1]], "evt_a", 20), true);
    assert.equal(settled(log, "evt_a", 0), true);
    assert.equal(settled(log, "evt_b", 0), false);
  });
});
