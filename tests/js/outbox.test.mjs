import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";

import { Outbox } from "../../kefu/static/widget/core/outbox.js";
import { FakeSocket, settle } from "./fake-socket.mjs";

class MemoryStorage {
  constructor(items = {}) {
    this.items = { ...items };
  }

  getItem(key) {
    return key in this.items ? this.items[key] : null;
  }

  setItem(key, value) {
    this.items[key] = String(value);
  }
}

function handlers(log = []) {
  return {
    log,
    payload: (entry) => ({ client_id: entry.client_id, content: entry.content }),
    stored: (entry, message) => log.push(["stored", entry.client_id, message.id]),
    settled: (entry) => log.push(["settled", entry.client_id, entry.state]),
    retry: () => log.push(["retry"]),
  };
}

describe("Outbox entries", () => {
  it("gives each new entry its own client_id and starts it waiting", () => {
    const outbox = new Outbox(null);
    const a = outbox.add({ content: "hello" });
    const b = outbox.add({ content: "again" });
    assert.match(a.client_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a.client_id, b.client_id);
    assert.equal(a.state, "waiting");
    assert.equal(a.attempt, 0);
    assert.deepEqual(outbox.entries.map((e) => e.content), ["hello", "again"]);
  });

  it("finds and removes entries by client_id, saying whether one was removed", () => {
    const outbox = new Outbox(null);
    const a = outbox.add({ content: "one" });
    outbox.add({ content: "two" });
    assert.equal(outbox.get(a.client_id), a);
    assert.equal(outbox.remove(a.client_id), true);
    assert.equal(outbox.remove(a.client_id), false);
    assert.equal(outbox.get(a.client_id), null);
    assert.deepEqual(outbox.entries.map((e) => e.content), ["two"]);
  });

  it("saves to its storage key and restores there, in-flight entries back to waiting", () => {
    const storage = new MemoryStorage();
    const first = new Outbox("k", storage);
    const entry = first.add({ content: "kept" });
    entry.state = "sending";
    first.save();
    first.add({ content: "failed one" }).state = "failed";
    first.save();

    const second = new Outbox("k", storage);
    assert.deepEqual(second.entries.map((e) => [e.client_id, e.state]), [
      [entry.client_id, "waiting"],
      [second.entries[1].client_id, "failed"],
    ]);
  });

  it("drops malformed saved entries and survives corrupt storage", () => {
    const storage = new MemoryStorage({
      k: JSON.stringify([null, { client_id: 1, content: "x" }, { client_id: "ok", content: "fine" }]),
      broken: "{not json",
    });
    assert.deepEqual(new Outbox("k", storage).entries.map((e) => e.client_id), ["ok"]);
    assert.deepEqual(new Outbox("broken", storage).entries, []);
  });

  it("keeps working in memory when storage throws", () => {
    const storage = {
      getItem() {
        throw new Error("denied");
      },
      setItem() {
        throw new Error("denied");
      },
    };
    const outbox = new Outbox("k", storage);
    outbox.add({ content: "still here" });
    assert.equal(outbox.entries.length, 1);
  });

  it("requeues in-flight entries after a disconnect, leaving failed ones alone", () => {
    const outbox = new Outbox(null);
    const a = outbox.add({ content: "a" });
    const b = outbox.add({ content: "b" });
    a.state = "sending";
    b.state = "failed";
    outbox.requeueInFlight();
    assert.equal(a.state, "waiting");
    assert.equal(b.state, "failed");
  });
});

describe("Outbox.settleFailure", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
  afterEach(() => mock.timers.reset());

  it("puts a transient failure back to waiting and retries after 3 s", () => {
    const outbox = new Outbox(null);
    const entry = outbox.add({ content: "x" });
    entry.state = "sending";
    let retries = 0;
    outbox.settleFailure(entry, { code: "timeout" }, () => retries++);
    assert.equal(entry.state, "waiting");
    mock.timers.tick(2999);
    assert.equal(retries, 0);
    mock.timers.tick(1);
    assert.equal(retries, 1);
  });

  it("waits for the next connect after a disconnect instead of a timer", () => {
    const outbox = new Outbox(null);
    const entry = outbox.add({ content: "x" });
    let retries = 0;
    outbox.settleFailure(entry, { code: "disconnected" }, () => retries++);
    mock.timers.tick(10000);
    assert.equal(entry.state, "waiting");
    assert.equal(retries, 0);
  });

  it("does not retry an entry deleted (or already resent) meanwhile", () => {
    const outbox = new Outbox(null);
    const deleted = outbox.add({ content: "x" });
    const resent = outbox.add({ content: "y" });
    let retries = 0;
    outbox.settleFailure(deleted, { code: "rate_limited" }, () => retries++);
    outbox.settleFailure(resent, { code: "internal_error" }, () => retries++);
    outbox.remove(deleted.client_id);
    resent.state = "sending";
    mock.timers.tick(3000);
    assert.equal(retries, 0);
  });

  it("marks a refusal failed with its error, for the user to decide", () => {
    const outbox = new Outbox(null);
    const entry = outbox.add({ content: "x" });
    const error = { code: "too_long", message: "Too long." };
    let retries = 0;
    outbox.settleFailure(entry, error, () => retries++);
    mock.timers.tick(10000);
    assert.equal(entry.state, "failed");
    assert.deepEqual(entry.error, error);
    assert.equal(retries, 0);
  });

  it("treats a failure without an error as transient", () => {
    const outbox = new Outbox(null);
    const entry = outbox.add({ content: "x" });
    let retries = 0;
    outbox.settleFailure(entry, undefined, () => retries++);
    mock.timers.tick(3000);
    assert.equal(entry.state, "waiting");
    assert.equal(retries, 1);
  });
});

describe("Outbox.flush", () => {
  // A transient failure schedules a retry: keep that timer out of the test run.
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
  afterEach(() => mock.timers.reset());

  it("sends nothing while disconnected", () => {
    const outbox = new Outbox(null);
    outbox.add({ content: "x" });
    const socket = new FakeSocket();
    socket.connected = false;
    outbox.flush(socket, handlers());
    outbox.flush(null, handlers());
    assert.equal(socket.emitted.length, 0);
    assert.equal(outbox.entries[0].state, "waiting");
  });

  it("sends only waiting entries, marks them sending and counts attempts", () => {
    const outbox = new Outbox(null);
    const waiting = outbox.add({ content: "go" });
    outbox.add({ content: "stop" }).state = "failed";
    const socket = new FakeSocket();
    outbox.flush(socket, handlers());
    assert.deepEqual(socket.emitted, [{ event: "message", payload: { client_id: waiting.client_id, content: "go" } }]);
    assert.deepEqual(socket.timeouts, [15000]);
    assert.equal(waiting.state, "sending");
    assert.equal(waiting.attempt, 1);
    outbox.flush(socket, handlers());
    assert.equal(socket.emitted.length, 1, "an entry in flight is not sent twice");
  });

  it("removes an acknowledged entry and hands over the stored message", async () => {
    const outbox = new Outbox(null);
    const entry = outbox.add({ content: "hi" });
    const socket = new FakeSocket(() => ({ ack: { ok: true, message: { id: 77, seq: 1 } } }));
    const on = handlers();
    outbox.flush(socket, on);
    await settle();
    assert.deepEqual(on.log, [["stored", entry.client_id, 77]]);
    assert.equal(outbox.entries.length, 0);
  });

  // What the first attempt gets; the entry is sent again with the same client_id either way.
  const FIRST_ANSWERS = {
    "a lost ack (timeout)": { err: new Error("timeout") },
    "`unavailable` (the server's database was away)": {
      ack: { ok: false, error: { code: "unavailable", message: "Try again in a moment." } },
    },
  };
  for (const [name, first] of Object.entries(FIRST_ANSWERS)) {
    it("resends with the same client_id after " + name, async () => {
      const outbox = new Outbox(null);
      const entry = outbox.add({ content: "hi" });
      let answers = 0;
      const socket = new FakeSocket(() => (++answers === 1 ? first : { ack: { ok: true, message: { id: 5 } } }));
      const on = handlers();
      outbox.flush(socket, on);
      await settle();
      assert.deepEqual(on.log, [["settled", entry.client_id, "waiting"]]);
      outbox.flush(socket, on);
      await settle();
      assert.equal(socket.emitted.length, 2);
      assert.equal(socket.emitted[0].payload.client_id, socket.emitted[1].payload.client_id);
      assert.equal(entry.attempt, 2);
      assert.deepEqual(on.log.at(-1), ["stored", entry.client_id, 5]);
    });
  }

  it("marks a refused entry failed and reports it", async () => {
    const outbox = new Outbox(null);
    const entry = outbox.add({ content: "hi" });
    const error = { code: "conversation_closed", message: "Closed." };
    const socket = new FakeSocket(() => ({ ack: { ok: false, error } }));
    const on = handlers();
    outbox.flush(socket, on);
    await settle();
    assert.equal(entry.state, "failed");
    assert.deepEqual(entry.error, error);
    assert.deepEqual(on.log, [["settled", entry.client_id, "failed"]]);
  });

  it("ignores the answer to an attempt that a newer one replaced", async () => {
    const outbox = new Outbox(null);
    const entry = outbox.add({ content: "hi" });
    const error = { code: "bad_request", message: "No." };
    const socket = new FakeSocket(() => ({ ack: { ok: false, error } }));
    const on = handlers();
    outbox.flush(socket, on);
    entry.attempt += 1; // a resend went out before this answer came back
    await settle();
    assert.equal(entry.state, "sending");
    assert.deepEqual(on.log, []);
  });

  it("ignores the answer for an entry deleted meanwhile", async () => {
    const outbox = new Outbox(null);
    const entry = outbox.add({ content: "hi" });
    const socket = new FakeSocket(() => ({ ack: { ok: false, error: { code: "bad_request" } } }));
    const on = handlers();
    outbox.flush(socket, on);
    outbox.remove(entry.client_id);
    await settle();
    assert.deepEqual(on.log, []);
  });
});

describe("Outbox file entries", () => {
  it("restores a file that finished uploading, drops one whose bytes were lost with the page", () => {
    const storage = new MemoryStorage();
    const first = new Outbox("k", storage);
    first.add({ content: "", type: "file", state: "uploading", attachment_id: null, file: { name: "a.png" } });
    const uploaded = first.add({ content: "", type: "file", attachment_id: 7, file: { name: "b.pdf" } });
    const failed = first.add({ content: "", type: "file", attachment_id: null, file: { name: "c.png" } });
    failed.state = "failed";
    first.add({ content: "text" });
    first.save();
    const again = new Outbox("k", storage);
    assert.deepEqual(again.entries.map((e) => e.file ? e.file.name : e.content), ["b.pdf", "text"]);
    assert.equal(again.entries[0].client_id, uploaded.client_id);
  });

  it("holds back what follows a file still uploading, so messages keep their order", async () => {
    const socket = new FakeSocket((event, payload) => ({ ack: { ok: true, message: { id: 1, seq: 1, ...payload } } }));
    const outbox = new Outbox(null);
    outbox.add({ content: "before" });
    const file = outbox.add({ content: "", type: "file", state: "uploading", attachment_id: null });
    outbox.add({ content: "after" });
    const on = handlers();
    outbox.flush(socket, on);
    await settle();
    assert.deepEqual(socket.emitted.map((e) => e.payload.content), ["before"]);
    file.state = "waiting";
    file.attachment_id = 9;
    outbox.flush(socket, on);
    await settle();
    assert.deepEqual(socket.emitted.map((e) => e.payload.content), ["before", "", "after"]);
    assert.equal(outbox.entries.length, 0);
  });

  it("does not hold back behind a failed upload (the visitor decides about it)", async () => {
    const socket = new FakeSocket(() => ({ ack: { ok: true, message: { id: 1 } } }));
    const outbox = new Outbox(null);
    const file = outbox.add({ content: "", type: "file", attachment_id: null });
    file.state = "failed";
    outbox.add({ content: "after" });
    outbox.flush(socket, handlers());
    await settle();
    assert.deepEqual(socket.emitted.map((e) => e.payload.content), ["after"]);
  });
});
