import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { forgetUploads, pendingLook, pickedFile } from "../../kefu/static/widget/core/upload-jobs.js";

describe("pickedFile", () => {
  it("records a document's facts with no image box and no preview", async () => {
    const file = new File(["%PDF-1.7"], "terms.pdf", { type: "application/pdf" });
    const { facts, upload } = await pickedFile(file);
    assert.deepEqual(facts, { name: "terms.pdf", size: 8, content_type: "application/pdf", width: null, height: null });
    assert.equal(upload.file, file);
    assert.equal(upload.previewUrl, null);
    assert.equal(upload.progress, 0);
  });

  it("names a nameless pasted file and keeps an empty type empty", async () => {
    const { facts } = await pickedFile(new File(["x"], "", { type: "" }));
    assert.equal(facts.name, "file");
    assert.equal(facts.content_type, "");
  });
});

describe("pendingLook", () => {
  it("prefers the local preview and shows progress only while uploading", () => {
    const entry = { state: "uploading", attachment: { url: "/api/attachments/1" } };
    assert.deepEqual(pendingLook(entry, { previewUrl: "blob:x", progress: 0.5 }), { preview: "blob:x", progress: 0.5 });
    assert.deepEqual(pendingLook({ ...entry, state: "waiting" }, null), { preview: "/api/attachments/1", progress: null });
  });
});

describe("forgetUploads", () => {
  it("aborts and drops what belongs to entries no longer in the outbox", () => {
    let aborted = 0;
    const uploads = new Map([
      ["sent", { abort: () => aborted++, previewUrl: null }],
      ["pending", { abort: () => aborted++, previewUrl: null }],
    ]);
    forgetUploads(uploads, { get: (id) => (id === "pending" ? {} : null) });
    assert.deepEqual([...uploads.keys()], ["pending"]);
    assert.equal(aborted, 1);
  });
});
