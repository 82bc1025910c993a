import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { emitAck, isTransient } from "../../kefu/static/widget/core/ack.js";
import { FakeSocket } from "./fake-socket.mjs";

describe("emitAck", () => {
  it("resolves with the server's ack and passes the timeout on", async () => {
    const socket = new FakeSocket(() => ({ ack: { ok: true, value: 1 } }));
    assert.deepEqual(await emitAck(socket, "sync", { after_seq: 3 }, 2500), { ok: true, value: 1 });
    assert.deepEqual(socket.emitted, [{ event: "sync", payload: { after_seq: 3 } }]);
    assert.deepEqual(socket.timeouts, [2500]);
  });

  it("defaults to a 10 s timeout", async () => {
    const socket = new FakeSocket(() => ({ ack: { ok: true } }));
    await emitAck(socket, "read", {});
    assert.deepEqual(socket.timeouts, [10000]);
  });

  it("emits nothing while disconnected and says so", async () => {
    const socket = new FakeSocket(() => ({ ack: { ok: true } }));
    socket.connected = false;
    const ack = await emitAck(socket, "message", {});
    assert.equal(ack.ok, false);
    assert.equal(ack.error.code, "disconnected");
    assert.equal(socket.emitted.length, 0);
    assert.equal((await emitAck(null, "message", {})).error.code, "disconnected");
  });

  it("turns a timeout into a timeout error", async () => {
    const socket = new FakeSocket(() => ({ err: new Error("operation has timed out") }));
    const ack = await emitAck(socket, "message", {});
    assert.deepEqual([ack.ok, ack.error.code], [false, "timeout"]);
  });

  it("turns a missing or non-object ack into bad_ack", async () => {
    for (const reply of [null, "yes", 42]) {
      const socket = new FakeSocket(() => ({ ack: reply }));
      const ack = await emitAck(socket, "message", {});
      assert.deepEqual([ack.ok, ack.error.code], [false, "bad_ack"], String(reply));
    }
  });
});

describe("isTransient", () => {
  it("retries network-ish failures by itself", () => {
    const retried = ["timeout", "disconnected", "internal_error", "rate_limited", "bad_ack", "unavailable", "conflict"];
    for (const code of retried) {
      assert.equal(isTransient({ code }), true, code);
    }
    assert.equal(isTransient(null), true);
    assert.equal(isTransient(undefined), true);
  });

  it("leaves refusals to the user", () => {
    const refusals = ["validation_error", "conversation_closed", "duplicate_client_id", "forbidden", "constructor", "toString"];
    for (const code of refusals) {
      assert.equal(isTransient({ code }), false, code);
    }
  });
});
