import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { badgeText, faviconSvg } from "../../kefu/static/dashboard/favicon.js";

describe("favicon badge", () => {
  it("says nothing for 0, the count up to 9, then 9+", () => {
    assert.equal(badgeText(0), "");
    assert.equal(badgeText(undefined), "");
    assert.equal(badgeText(1), "1");
    assert.equal(badgeText(9), "9");
    assert.equal(badgeText(10), "9+");
    assert.equal(badgeText(250), "9+");
  });

  it("draws the plain icon without a badge and a red badge with the count", () => {
    assert.doesNotMatch(faviconSvg(0), /circle/);
    const three = faviconSvg(3);
    assert.match(three, /<circle[^>]*fill='#dc2626'/);
    assert.match(three, />3<\/text>/);
    assert.match(faviconSvg(12), />9\+<\/text>/);
    assert.match(three, /^<svg xmlns='http:\/\/www.w3.org\/2000\/svg'/);
  });
});
