import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { pagesFor } from "../../kefu/static/dashboard/nav.js";

describe("pagesFor", () => {
  it("gives agents the inbox only, supervisors reports too, admins the console as well", () => {
    const keys = (role) => pagesFor(role).map((page) => page.key);
    assert.deepEqual(keys("agent"), ["inbox"]);
    assert.deepEqual(keys("supervisor"), ["inbox", "reports"]);
    assert.deepEqual(keys("admin"), ["inbox", "reports", "admin"]);
    assert.deepEqual(keys("nobody"), []);
  });
});
