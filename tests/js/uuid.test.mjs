import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { uuid } from "../../kefu/static/widget/core/uuid.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuid", () => {
  it("makes distinct version-4 UUIDs", () => {
    const ids = new Set(Array.from({ length: 200 }, () => uuid()));
    assert.equal(ids.size, 200);
    ids.forEach((id) => assert.match(id, UUID_V4));
  });

  it("builds a version-4 UUID from random bytes where randomUUID is missing", (t) => {
    const real = globalThis.crypto;
    Object.defineProperty(globalThis, "crypto", {
      configurable: true,
      value: { getRandomValues: (bytes) => bytes.fill(0xff) },
    });
    t.after(() => Object.defineProperty(globalThis, "crypto", { configurable: true, value: real }));
    assert.equal(uuid(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  });
});
