import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { conversationStatus, isOnline, isRecentlyClosed } from "../../kefu/static/widget/conversation-status.js";
import { STRINGS } from "../../kefu/static/widget/i18n.js";

const T = STRINGS.en;

describe("conversationStatus", () => {
  it("before any conversation: the site's title, idle subtitle, no status line", () => {
    const s = conversationStatus(null, T, "Acme help");
    assert.deepEqual(s, {
      kind: "",
      agentName: null,
      title: "Acme help",
      subtitle: T.subtitleIdle,
      line: "",
      placeholder: T.placeholder,
    });
    assert.equal(conversationStatus(null, T, undefined).title, "Chat with us");
  });

  it("queued: the position and the estimated wait", () => {
    const s = conversationStatus({ status: "queued", queue_position: 2, estimated_wait_seconds: 200 }, T);
    assert.equal(s.kind, "queued");
    assert.equal(s.subtitle, T.subtitleQueued);
    assert.equal(s.line, "You are number 2 in line. An agent will be with you shortly. Estimated wait: about 3 min.");
    assert.equal(s.agentName, null);
  });

  it("queued without a position yet", () => {
    assert.equal(conversationStatus({ status: "queued" }, T).line, T.queueNoPosition);
  });

  it("open with an agent: the agent's name heads the widget", () => {
    const s = conversationStatus({ status: "open", agent: { name: "Alice Tester" } }, T, "Acme help");
    assert.equal(s.title, "Alice Tester");
    assert.equal(s.agentName, "Alice Tester");
    assert.equal(s.subtitle, T.subtitleOpen);
    assert.equal(s.line, "You are chatting with Alice Tester.");
  });

  it("closed: a new message starts a new conversation", () => {
    const s = conversationStatus({ status: "closed", agent: { name: "Alice" } }, T);
    assert.equal(s.agentName, null);
    assert.equal(s.subtitle, T.subtitleClosed);
    assert.equal(s.line, "");
    assert.equal(s.placeholder, T.placeholderClosed);
  });

  it("speaks Chinese with the Chinese strings", () => {
    const s = conversationStatus({ status: "open", agent: { name: "小王" } }, STRINGS.zh);
    assert.equal(s.line, "客服 小王 正在为您服务。");
    const first = conversationStatus({ status: "queued", queue_position: 1, estimated_wait_seconds: 120 }, STRINGS.zh);
    assert.equal(first.line, "您排在第 1 位，客服很快就会接待您。预计等待约 2 分钟。", "no space after 。");
  });
});

describe("conversationStatus with the team's availability", () => {
  const online = { online: true, within_hours: true, reply_time: null };
  const away = { online: false, within_hours: true };
  const closedHours = { online: false, within_hours: false };

  it("says who can answer before the first message", () => {
    assert.equal(conversationStatus(null, T, undefined, online).subtitle, T.subtitleIdle);
    assert.equal(conversationStatus(null, T, undefined, { ...online, reply_time: "Replies within an hour" }).subtitle,
      "Replies within an hour");
    assert.equal(conversationStatus(null, T, undefined, away).subtitle, T.subtitleAway);
    assert.equal(conversationStatus(null, T, undefined, closedHours).subtitle, T.subtitleAfterHours);
    assert.equal(conversationStatus(null, STRINGS.zh, undefined, away).subtitle, "客服暂时不在线");
  });

  it("promises no quick answer and no estimate in line while nobody is online", () => {
    const queued = { status: "queued", queue_position: 2, estimated_wait_seconds: 200 };
    const s = conversationStatus(queued, T, undefined, away);
    assert.equal(s.line, "You are number 2 in line. No agent is online right now: you will get an answer as soon as one is back.");
    assert.equal(s.subtitle, T.subtitleAway);
    assert.equal(conversationStatus({ status: "queued" }, T, undefined, away).line, T.queueNobody);
    assert.match(conversationStatus(queued, T, undefined, online).line, /Estimated wait: about 3 min\.$/);
  });

  it("takes the server's agents_available for a queued conversation into account", () => {
    const queued = { status: "queued", queue_position: 1, estimated_wait_seconds: 120 };
    const nobody = conversationStatus({ ...queued, agents_available: false }, T, undefined, online);
    assert.equal(nobody.line, T.queueOffline(1));
    assert.equal(nobody.subtitle, T.subtitleAway);
    const someone = conversationStatus({ ...queued, agents_available: true }, T, undefined, online);
    assert.equal(someone.line, T.queue(1) + " " + T.wait(120));
    assert.equal(someone.subtitle, T.subtitleQueued);
  });

  it("shows an estimate only when it means something", () => {
    const line = (seconds) => conversationStatus({ status: "queued", queue_position: 1, estimated_wait_seconds: seconds },
      T, undefined, online).line;
    assert.equal(line(null), T.queue(1));
    assert.equal(line(undefined), T.queue(1));
    assert.equal(line(5 * 3600), T.queue(1), "hours out: a guess, not an estimate");
    assert.equal(line(30), T.queue(1) + " " + T.wait(30));
  });

  it("tells a visitor who left a message that the answer comes by email", () => {
    const s = conversationStatus({ status: "pending" }, T, undefined, away);
    assert.equal(s.subtitle, T.subtitlePending);
    assert.equal(s.line, T.pendingLine);
  });

  it("isOnline reads the visitor's group first, and null when unknown", () => {
    assert.equal(isOnline(null), null);
    assert.equal(isOnline({}), null);
    assert.equal(isOnline({ online: true, group_online: false }), false);
    assert.equal(isOnline({ online: false }), false);
  });
});

describe("isRecentlyClosed", () => {
  const now = Date.parse("2024-05-02T12:00:00Z");

  it("is true for a day after closing", () => {
    assert.equal(isRecentlyClosed({ status: "closed", closed_at: "2024-05-02T11:00:00Z" }, now), true);
    assert.equal(isRecentlyClosed({ status: "closed", closed_at: "2024-05-01T12:00:01Z" }, now), true);
    assert.equal(isRecentlyClosed({ status: "closed" }, now), true, "closed just now, no time yet");
  });

  it("is false after a day, for open conversations and without one", () => {
    assert.equal(isRecentlyClosed({ status: "closed", closed_at: "2024-05-01T12:00:00Z" }, now), false);
    assert.equal(isRecentlyClosed({ status: "open" }, now), false);
    assert.equal(isRecentlyClosed(null, now), false);
  });
});
