import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { historyQuery } from "../../kefu/static/dashboard/history.js";

describe("historyQuery", () => {
  it("asks for one page of closed conversations, with the search when there is one", () => {
    assert.equal(historyQuery("", 1), "/api/conversations?status=closed&page=1&per_page=20");
    assert.equal(historyQuery("  refund  ", 2), "/api/conversations?status=closed&page=2&per_page=20&q=refund");
    assert.equal(historyQuery("a&b=c", 1), "/api/conversations?status=closed&page=1&per_page=20&q=a%26b%3Dc");
  });
});
