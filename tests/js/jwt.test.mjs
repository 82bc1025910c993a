import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { jwtPayload } from "../../kefu/static/dashboard/jwt.js";

function token(payload) {
  const part = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return "eyJhbGciOiJIUzI1NiJ9." + part + ".signature";
}

describe("jwtPayload", () => {
  it("reads the payload of a base64url token without padding", () => {
    assert.deepEqual(jwtPayload(token({ sub: "7", exp: 1700000000 })), { sub: "7", exp: 1700000000 });
    // Lengths that need one and two "=" of padding, and the "-" and "_" of base64url.
    assert.deepEqual(jwtPayload(token({ a: "??>" })), { a: "??>" });
    assert.deepEqual(jwtPayload(token({ ab: "~~~" })), { ab: "~~~" });
  });

  it("is empty for anything that is not a token", () => {
    assert.deepEqual(jwtPayload("bad"), {});
    assert.deepEqual(jwtPayload("a.!!!.c"), {});
    assert.deepEqual(jwtPayload(undefined), {});
  });
});
