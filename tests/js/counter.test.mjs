import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DEFAULT_MAX_CHARS, charCount, counterState, messageLimit } from "../../kefu/static/widget/core/counter.js";

describe("charCount", () => {
  it("counts code points, as the server does (an emoji is one character)", () => {
    assert.equal(charCount("hello"), 5);
    assert.equal(charCount("😀"), 1);
    assert.equal("😀".length, 2);
    assert.equal(charCount("你好👋"), 3);
    assert.equal(charCount(""), 0);
    assert.equal(charCount(null), 0);
  });
});

describe("messageLimit", () => {
  it("takes max_message_chars from the widget config, else 5000", () => {
    assert.equal(messageLimit({ max_message_chars: 300 }), 300);
    assert.equal(messageLimit({}), DEFAULT_MAX_CHARS);
    assert.equal(messageLimit(null), 5000);
    assert.equal(messageLimit({ max_message_chars: "300" }), 5000);
    assert.equal(messageLimit({ max_message_chars: 0 }), 5000);
  });
});

describe("counterState", () => {
  it("stays out of the way for ordinary messages", () => {
    assert.deepEqual(counterState("hi", 5000), { count: 2, limit: 5000, remaining: 4998, show: false, over: false });
    assert.equal(counterState("x".repeat(4499), 5000).show, false);
  });

  it("shows from 90% of the limit, and allows exactly the limit", () => {
    assert.equal(counterState("x".repeat(4500), 5000).show, true);
    const full = counterState("x".repeat(4990) + "😀".repeat(10), 5000);
    assert.deepEqual([full.count, full.remaining, full.over], [5000, 0, false]);
  });

  it("refuses one character over", () => {
    const over = counterState("x".repeat(5001), 5000);
    assert.deepEqual([over.show, over.over, over.remaining], [true, true, -1]);
  });
});
