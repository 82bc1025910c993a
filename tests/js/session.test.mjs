import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { endedText } from "../../kefu/static/dashboard/session.js";

describe("endedText", () => {
  it("says why a revoked session ended", () => {
    assert.match(endedText({ code: "token_revoked", message: "This session was ended; sign in again." }), /deactivated/);
  });

  it("calls anything else an expired session", () => {
    for (const error of [null, undefined, { code: "token_invalid" }]) {
      assert.equal(endedText(error), "Your session has expired. Please sign in again.");
    }
  });
});
