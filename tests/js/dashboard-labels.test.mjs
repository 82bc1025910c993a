import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  chatState,
  compareMine,
  documentTitle,
  attributeRows,
  deviceText,
  meMeta,
  minePreview,
  pageLabel,
  queuePreview,
  sortQueue,
  transferText,
  unreadBadge,
  visitorName,
} from "../../kefu/static/dashboard/labels.js";

describe("visitorName", () => {
  it("uses the name, else the email, else a short id", () => {
    assert.equal(visitorName({ visitor: { name: "Jane", email: "j@x.example", id: "v_1" } }), "Jane");
    assert.equal(visitorName({ visitor: { email: "j@x.example", id: "v_1" } }), "j@x.example");
    assert.equal(visitorName({ visitor: { id: "v_Ab-9_xyz123" } }), "Visitor Ab9xyz");
    assert.equal(visitorName({}), "Visitor ");
  });
});

describe("pageLabel", () => {
  it("shows host and path, the bare host for the home page", () => {
    assert.equal(pageLabel("https://shop.example/cart?x=1#y"), "shop.example/cart");
    assert.equal(pageLabel("https://shop.example/"), "shop.example");
    assert.equal(pageLabel("not a url"), "not a url");
    assert.equal(pageLabel(""), "");
  });
});

describe("previews", () => {
  const said = (type, id, content, name) => ({ sender: { type, id, name }, content });

  it("a waiting visitor: their words on one line, else their page, else Waiting", () => {
    assert.equal(queuePreview({}, "two\n  lines"), "two lines");
    assert.equal(queuePreview({ visitor: { page_url: "https://shop.example/a" } }, null), "On shop.example/a");
    assert.equal(queuePreview({ visitor: {} }, null), "Waiting");
  });

  it("one of mine: typing, ended, or the last words with who said them", () => {
    const conv = { agent: { name: "Bob" } };
    assert.equal(minePreview({ conv, typing: true, ended: "closed" }, null), "typing…");
    assert.equal(minePreview({ conv, ended: "closed" }, null), "Closed");
    assert.equal(minePreview({ conv, ended: "transferred" }, null), "Transferred to Bob");
    assert.equal(minePreview({ conv: {}, ended: "transferred" }, null), "Transferred");
    assert.equal(minePreview({ conv, meId: 7 }, said("agent", 7, "On its way")), "You: On its way");
    assert.equal(minePreview({ conv, meId: 7 }, said("agent", 8, "Hi", "Bob")), "Bob: Hi");
    assert.equal(minePreview({ conv, meId: 7 }, said("agent", 8, "Hi")), "Agent: Hi");
    assert.equal(minePreview({ conv, meId: 7 }, said("visitor", "v", "Where\nis it?")), "Where is it?");
    assert.equal(minePreview({ conv }, null), "New conversation");
    const file = { ...said("agent", 7, ""), attachment: { name: "label.png" } };
    assert.equal(minePreview({ conv, meId: 7 }, file), "You: 📎 label.png");
    const note = { ...said("agent", 7, "Ticket\n4711"), private: true };
    assert.equal(minePreview({ conv, meId: 7 }, note), "You: Note: Ticket 4711");
  });

  it("caps the unread badge at 99+", () => {
    assert.equal(unreadBadge(5), "5");
    assert.equal(unreadBadge(99), "99");
    assert.equal(unreadBadge(100), "99+");
  });
});

describe("texts", () => {
  it("puts unread replies and waiting visitors in the tab title", () => {
    assert.equal(documentTitle(0, 0), "Kefu");
    assert.equal(documentTitle(3, 0), "(3) Kefu");
    assert.equal(documentTitle(3, 2), "(3) Kefu · 2 waiting");
  });

  it("says where a transfer went", () => {
    assert.equal(transferText({ status: "open", agent: { name: "Bob" } }), "Transferred to Bob.");
    assert.equal(transferText({ status: "queued", agent: null, skill_group: "billing" }), "Transferred to the billing queue.");
    assert.equal(transferText({ status: "queued" }), "Transferred to the general queue.");
  });

  it("describes me", () => {
    assert.equal(meMeta({ role: "admin", id: 1, max_concurrent: 5 }, 2), "Admin · ID 1 · 2/5 open");
    assert.equal(meMeta({ role: "agent", id: 9, max_concurrent: 3 }, 0), "Agent · ID 9 · 0/3 open");
    assert.equal(meMeta({ role: "supervisor", id: 4, max_concurrent: 2 }, 1), "Supervisor · ID 4 · 1/2 open");
  });
});

describe("ordering", () => {
  it("sorts the queue by position, unknown positions last, then by id, without touching the input", () => {
    const queue = [{ id: 5 }, { id: 3, queue_position: 2 }, { id: 4, queue_position: 1 }, { id: 2 }];
    assert.deepEqual(sortQueue(queue).map((c) => c.id), [4, 3, 2, 5]);
    assert.deepEqual(queue.map((c) => c.id), [5, 3, 4, 2]);
  });

  it("keeps open conversations above ended ones, most recent first", () => {
    const mine = [
      { id: 1, ended: "closed", lastActivity: 900 },
      { id: 2, ended: null, lastActivity: 100 },
      { id: 3, ended: null, lastActivity: 500 },
      { id: 4, ended: null, lastActivity: 500 },
    ];
    assert.deepEqual(mine.sort(compareMine).map((e) => e.id), [4, 3, 2, 1]);
  });
});

describe("chatState", () => {
  const conv = { queue_position: 3, rating: 0, agent: { name: "Bob" }, status: "open", skill_group: "vip" };

  it("previews a waiting visitor, or says they are gone", () => {
    const waiting = chatState({ conv, queued: true, stillWaiting: true });
    assert.deepEqual([waiting.label, waiting.kind, waiting.bannerKind], ["Waiting · #3", "queued", "info"]);
    assert.match(waiting.banner, /^Preview: /);
    const gone = chatState({ conv, queued: true, stillWaiting: false });
    assert.equal(gone.label, "No longer waiting");
    assert.equal(gone.banner, "This conversation is no longer in the queue.");
  });

  it("shows an ended conversation's outcome and rating", () => {
    const closed = chatState({ conv: { ...conv, rating: 4 }, ended: "closed" });
    assert.deepEqual([closed.label, closed.kind, closed.bannerKind], ["Closed", "closed", "ended"]);
    assert.equal(closed.banner, "This conversation is closed · rated 4/5.");
    assert.equal(chatState({ conv, ended: "closed" }).banner, "This conversation is closed.");
    const moved = chatState({ conv, ended: "transferred" });
    assert.deepEqual([moved.label, moved.banner], ["Transferred", "Transferred to Bob."]);
  });

  it("warns about a lost connection only on an open conversation", () => {
    const online = chatState({ conv, ended: null, connected: true });
    assert.deepEqual([online.label, online.kind, online.banner], ["Open", "open", ""]);
    const offline = chatState({ conv, ended: null, connected: false });
    assert.equal(offline.banner, "Reconnecting… replies are kept and sent when the connection is back.");
    assert.equal(offline.bannerKind, "warn");
  });
});

describe("deviceText", () => {
  it("joins what the server named, and is empty without it", () => {
    assert.equal(deviceText({ browser: "Mobile Safari 17", os: "iOS 17.1", device: "iPhone" }), "Mobile Safari 17 · iOS 17.1 · iPhone");
    assert.equal(deviceText({ browser: "Chrome 120", os: "Windows 10", device: null }), "Chrome 120 · Windows 10");
    assert.equal(deviceText(null), "");
  });
});

describe("attributeRows", () => {
  it("lists what the page said, sorted, marked as the page's, without empty values", () => {
    assert.deepEqual(attributeRows({ plan: "pro", cart: 3, empty: "", gone: null }), [
      ["cart · from the page", "3"],
      ["plan · from the page", "pro"],
    ]);
    assert.deepEqual(attributeRows(undefined), []);
  });
});
