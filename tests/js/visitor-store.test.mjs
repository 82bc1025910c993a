import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";

import { clearStored, readStored, writeStored } from "../../kefu/static/widget/visitor-store.js";

/** A localStorage as the browser gives a frame: working (a Map), or refused (every access throws). */
function useStorage(kind) {
  const items = new Map();
  const working = {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
  Object.defineProperty(globalThis, "localStorage", {
    configurable: true,
    get() {
      if (kind === "refused") throw new Error("SecurityError: Access is denied for this document.");
      return working;
    },
  });
  return items;
}

afterEach(() => {
  clearStored();
  delete globalThis.localStorage;
});

describe("visitor store", () => {
  it("keeps the visitor in localStorage where the browser allows it", () => {
    const items = useStorage("working");
    writeStored("v_1", "s1");
    assert.deepEqual(readStored(), { visitor_id: "v_1", visitor_secret: "s1" });
    assert.equal(JSON.parse(items.get("kefu.visitor")).visitor_id, "v_1");
    items.set("kefu.visitor", "{not json");
    assert.equal(readStored(), null); // unreadable: a new visitor
  });

  it("keeps the visitor in the page's memory where storage is refused, so a new token resumes them", () => {
    useStorage("refused");
    assert.equal(readStored(), null);
    writeStored("v_2", "s2");
    assert.deepEqual(readStored(), { visitor_id: "v_2", visitor_secret: "s2" });
    clearStored(); // reset(): the next visitor is a new one
    assert.equal(readStored(), null);
  });

  it("reads storage, not memory, once storage works: another tab may have changed it", () => {
    const items = useStorage("working");
    writeStored("v_3", "s3");
    items.delete("kefu.visitor"); // another tab's reset()
    assert.equal(readStored(), null);
  });
});
