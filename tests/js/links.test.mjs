import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { splitLinks } from "../../kefu/static/widget/core/links.js";

describe("splitLinks", () => {
  it("leaves text without links whole", () => {
    assert.deepEqual(splitLinks("just words"), [{ text: "just words" }]);
    assert.deepEqual(splitLinks(""), []);
  });

  it("finds http and https links between text", () => {
    assert.deepEqual(splitLinks("see https://shop.example/a?b=1 and http://x.test now"), [
      { text: "see " },
      { url: "https://shop.example/a?b=1" },
      { text: " and " },
      { url: "http://x.test" },
      { text: " now" },
    ]);
  });

  it("keeps sentence punctuation out of the link", () => {
    assert.deepEqual(splitLinks("Read https://docs.example/faq)."), [
      { text: "Read " },
      { url: "https://docs.example/faq" },
      { text: ")." },
    ]);
  });

  it("stops a link at quotes and angle brackets, so markup stays text", () => {
    assert.deepEqual(splitLinks('<a href="https://evil.example/x">'), [
      { text: '<a href="' },
      { url: "https://evil.example/x" },
      { text: '">' },
    ]);
  });

  it("does not link other schemes", () => {
    assert.deepEqual(splitLinks("javascript:alert(1) ftp://files.example"), [
      { text: "javascript:alert(1) ftp://files.example" },
    ]);
  });

  it("gives back the whole text when joined", () => {
    const text = "a https://x.example/p, b http://y.example. c";
    assert.equal(splitLinks(text).map((p) => p.text ?? p.url).join(""), text);
  });
});
