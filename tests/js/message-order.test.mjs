import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { compareMessages, continuesRun, startsConversation } from "../../kefu/static/widget/core/message-order.js";

function msg(conversation_id, seq, type = "visitor", id = "v1") {
  return { conversation_id, seq, sender: { type, id } };
}

describe("compareMessages", () => {
  it("orders by conversation, then by seq", () => {
    const sorted = [msg(2, 1), msg(1, 3), msg(1, 1), msg(2, 0)].sort(compareMessages);
    assert.deepEqual(sorted.map((m) => [m.conversation_id, m.seq]), [[1, 1], [1, 3], [2, 0], [2, 1]]);
  });
});

describe("continuesRun", () => {
  it("joins messages of one sender in one conversation", () => {
    assert.equal(continuesRun(msg(1, 1), msg(1, 2)), true);
  });

  it("starts a new run for another sender, conversation or a system notice", () => {
    assert.equal(continuesRun(null, msg(1, 1)), false);
    assert.equal(continuesRun(msg(1, 1, "agent", 7), msg(1, 2, "agent", 8)), false);
    assert.equal(continuesRun(msg(1, 1, "agent", 7), msg(1, 2, "visitor", 7)), false);
    assert.equal(continuesRun(msg(1, 1), msg(2, 1)), false);
    assert.equal(continuesRun(msg(1, 1, "system", null), msg(1, 2, "system", null)), false);
  });
});

describe("startsConversation", () => {
  it("is true only where the conversation changes", () => {
    assert.equal(startsConversation(null, msg(1, 1)), false);
    assert.equal(startsConversation(msg(1, 5), msg(1, 6)), false);
    assert.equal(startsConversation(msg(1, 5), msg(2, 1)), true);
  });
});
