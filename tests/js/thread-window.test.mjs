import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { compareMessages, insertionIndex } from "../../kefu/static/widget/core/message-order.js";

const msg = (conversation_id, seq) => ({ conversation_id, seq });

describe("insertionIndex (where a message goes in a long thread's sorted list)", () => {
  it("appends the newest, the usual case", () => {
    const list = [msg(1, 1), msg(1, 2)];
    assert.equal(insertionIndex(list, msg(1, 3)), 2);
    assert.equal(insertionIndex([], msg(1, 1)), 0);
  });

  it("puts a late older one (a filled gap, an older page) in its place", () => {
    const list = [msg(1, 1), msg(1, 2), msg(1, 4), msg(2, 1)];
    assert.equal(insertionIndex(list, msg(1, 3)), 2);
    assert.equal(insertionIndex(list, msg(0, 9)), 0);
    assert.equal(insertionIndex(list, msg(1, 5)), 3);
  });

  it("keeps 5,000 messages given in any order sorted", () => {
    const list = [];
    const seqs = Array.from({ length: 5000 }, (_, i) => i + 1);
    for (let i = seqs.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [seqs[i], seqs[j]] = [seqs[j], seqs[i]];
    }
    seqs.forEach((seq) => list.splice(insertionIndex(list, msg(1, seq)), 0, msg(1, seq)));
    assert.deepEqual(list, list.slice().sort(compareMessages));
    assert.equal(list[0].seq, 1);
    assert.equal(list[4999].seq, 5000);
  });

  it("finds a held message's own index", () => {
    const list = [msg(1, 1), msg(1, 2), msg(1, 3)];
    assert.equal(insertionIndex(list, msg(1, 2)), 1);
    assert.equal(insertionIndex(list, msg(1, 3)), 2);
  });
});
