import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isTransient } from "../../kefu/static/widget/core/ack.js";
import { uploadResult } from "../../kefu/static/widget/core/upload.js";

const attachment = { id: 7, name: "a.png", content_type: "image/png", size: 10, url: "/api/attachments/7?token=t" };

describe("uploadResult", () => {
  it("is the attachment on 201", () => {
    assert.deepEqual(uploadResult(201, JSON.stringify(attachment)), { ok: true, attachment });
  });

  it("carries the server's error as it came (413, 415, anything with the envelope)", () => {
    const body = { error: { code: "unsupported_type", message: "That kind of file cannot be sent." } };
    assert.deepEqual(uploadResult(415, JSON.stringify(body)), { ok: false, status: 415, error: body.error });
    const big = { error: { code: "file_too_large", message: "Files may be at most 10 MB." } };
    assert.deepEqual(uploadResult(413, JSON.stringify(big)).error, big.error);
  });

  it("names what happened when there is no JSON (a proxy's page, no answer)", () => {
    assert.equal(uploadResult(0, "").error.code, "network_error");
    assert.equal(uploadResult(413, "<html>Request Entity Too Large</html>").error.code, "file_too_large");
    assert.equal(uploadResult(415, "").error.code, "unsupported_type");
    assert.equal(uploadResult(429, "").error.code, "rate_limited");
    assert.equal(uploadResult(401, "").error.code, "unauthorized");
    assert.equal(uploadResult(502, "Bad gateway").error.code, "internal_error");
    assert.equal(uploadResult(201, "{}").ok, false, "a 201 without an attachment is no success");
  });

  it("a lost connection may be retried; a refused file may not", () => {
    assert.equal(isTransient(uploadResult(0, "").error), true);
    assert.equal(isTransient(uploadResult(502, "").error), true);
    assert.equal(isTransient(uploadResult(415, "").error), false);
    assert.equal(isTransient(uploadResult(413, "").error), false);
  });
});
