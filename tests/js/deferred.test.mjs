import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Deferred } from "../../kefu/static/dashboard/deferred.js";

/** Timers the test moves by hand. */
function fakeClock() {
  let now = 0;
  let next = 1;
  const timers = new Map();
  return {
    set: (fn, ms) => {
      timers.set(next, { fn, at: now + ms });
      return next++;
    },
    clear: (id) => timers.delete(id),
    advance(ms) {
      now += ms;
      for (const [id, t] of Array.from(timers)) {
        if (t.at <= now) {
          timers.delete(id);
          t.fn();
        }
      }
    },
    count: () => timers.size,
  };
}

describe("Deferred (close with undo)", () => {
  it("runs the action once the window has passed, not before", () => {
    const clock = fakeClock();
    const later = new Deferred(clock.set, clock.clear);
    const ran = [];
    assert.equal(later.schedule(7, 5000, () => ran.push(7)), true);
    clock.advance(4999);
    assert.deepEqual(ran, []);
    assert.equal(later.has(7), true);
    clock.advance(1);
    assert.deepEqual(ran, [7]);
    assert.equal(later.has(7), false);
  });

  it("never runs an undone action, and a second schedule of a waiting key is refused", () => {
    const clock = fakeClock();
    const later = new Deferred(clock.set, clock.clear);
    const ran = [];
    later.schedule(1, 5000, () => ran.push("first"));
    assert.equal(later.schedule(1, 5000, () => ran.push("again")), false);
    assert.equal(later.cancel(1), true);
    assert.equal(later.cancel(1), false);
    clock.advance(10000);
    assert.deepEqual(ran, []);
    assert.equal(clock.count(), 0);
    assert.equal(later.schedule(1, 5000, () => ran.push("after undo")), true);
    clock.advance(5000);
    assert.deepEqual(ran, ["after undo"]);
  });

  it("runs everything waiting at once through another runner (the page is going away)", () => {
    const clock = fakeClock();
    const later = new Deferred(clock.set, clock.clear);
    const ran = [];
    later.schedule(1, 5000, () => ran.push("socket 1"));
    later.schedule(2, 5000, () => ran.push("socket 2"));
    later.runAll((key) => ran.push("beacon " + key));
    clock.advance(5000);
    assert.deepEqual(ran, ["beacon 1", "beacon 2"]);
  });
});

describe("Deferred with the real timers", () => {
  it("calls setTimeout as a plain function (a browser throws on any other this)", async () => {
    const strict = globalThis.setTimeout;
    globalThis.setTimeout = function (fn, ms) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
      return strict(fn, ms);
    };
    try {
      const later = new Deferred();
      const done = new Promise((resolve) => later.schedule("k", 1, resolve));
      await done;
    } finally {
      globalThis.setTimeout = strict;
    }
  });
});
