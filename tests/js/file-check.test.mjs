import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TYPES,
  acceptAttribute,
  checkFile,
  fitBox,
  formatBytes,
  isImageType,
  kindOf,
  typeNames,
  uploadRules,
} from "../../kefu/static/widget/core/file-check.js";

const MB = 1024 * 1024;
const file = (name, type, size = 1000) => ({ name, type, size });

describe("uploadRules", () => {
  it("takes the widget config's limit and types", () => {
    assert.deepEqual(uploadRules({ max_bytes: 2 * MB, types: ["PNG", "pdf"] }), { maxBytes: 2 * MB, types: ["png", "pdf"] });
  });

  it("falls back to 10 MB and the default list when the config says nothing usable", () => {
    for (const upload of [undefined, null, {}, { max_bytes: 0, types: [] }, { max_bytes: "big", types: "png" }]) {
      assert.deepEqual(uploadRules(upload), { maxBytes: DEFAULT_MAX_BYTES, types: DEFAULT_TYPES }, JSON.stringify(upload));
    }
    assert.equal(DEFAULT_MAX_BYTES, 10 * MB);
  });
});

describe("checkFile", () => {
  const rules = uploadRules(null);

  it("lets the default kinds through, by extension or by browser type", () => {
    for (const f of [
      file("a.png", "image/png"), file("photo.JPG", ""), file("scan", "image/jpeg"), file("x.jfif", "image/jpeg"),
      file("a.gif", "image/gif"), file("a.webp", "image/webp"), file("doc.pdf", "application/pdf"),
      file("notes.txt", "text/plain"), file("table.csv", "application/vnd.ms-excel"), file("letter.docx", ""),
      file("sheet.xlsx", ""), file("bundle.zip", "application/x-zip-compressed"), file("image.png", "image/png"),
    ]) {
      assert.equal(checkFile(f, rules), null, f.name);
    }
  });

  it("refuses other kinds, naming the allowed ones", () => {
    for (const f of [file("setup.exe", "application/x-msdownload"), file("movie.mp4", "video/mp4"), file("noext", ""),
      file("page.html", "text/html"), file("vector.svg", "image/svg+xml")]) {
      assert.deepEqual(checkFile(f, rules), { code: "type", types: DEFAULT_TYPES }, f.name);
    }
  });

  it("refuses a file over the limit before looking at its type, and an empty one", () => {
    assert.deepEqual(checkFile(file("big.pdf", "application/pdf", 20 * MB), rules), {
      code: "too_large", size: 20 * MB, maxBytes: 10 * MB,
    });
    assert.equal(checkFile(file("edge.pdf", "application/pdf", 10 * MB), rules), null, "exactly the limit is fine");
    assert.equal(checkFile(file("big.exe", "", 11 * MB), rules).code, "too_large");
    assert.deepEqual(checkFile(file("empty.txt", "text/plain", 0), rules), { code: "empty" });
  });

  it("follows the server's list: fewer kinds, a kind this table lacks (by extension), or any", () => {
    const pdfOnly = uploadRules({ max_bytes: MB, types: ["pdf"] });
    assert.equal(checkFile(file("a.png", "image/png"), pdfOnly).code, "type");
    assert.equal(checkFile(file("a.pdf", ""), pdfOnly), null);
    const video = uploadRules({ max_bytes: MB, types: ["mp4"] });
    assert.equal(checkFile(file("clip.MP4", "video/mp4"), video), null);
    assert.equal(kindOf(file("clip.mp4", ""), ["png", "mp4"]), "mp4");
    const any = uploadRules({ max_bytes: MB, types: ["*"] });
    assert.equal(checkFile(file("setup.exe", ""), any), null);
    assert.equal(checkFile(file("setup.exe", "", 2 * MB), any).code, "too_large");
  });
});

describe("acceptAttribute and typeNames", () => {
  it("lists extensions and media types for the file picker", () => {
    const accept = acceptAttribute(uploadRules({ max_bytes: MB, types: ["png", "csv"] }));
    assert.equal(accept, ".png,image/png,.csv,text/csv,application/vnd.ms-excel");
    assert.equal(acceptAttribute(uploadRules({ max_bytes: MB, types: ["*"] })), "");
  });

  it("names the kinds for people", () => {
    assert.equal(typeNames(["png", "jpeg", "pdf"]), "PNG, JPEG, PDF");
  });
});

describe("isImageType", () => {
  it("is true for the types the server shows inline", () => {
    for (const t of ["image/png", "image/jpeg", "IMAGE/GIF", "image/webp"]) assert.equal(isImageType(t), true, t);
    for (const t of ["image/svg+xml", "application/pdf", "", null, undefined]) assert.equal(isImageType(t), false, String(t));
  });
});

describe("formatBytes", () => {
  it("uses binary units, one decimal under ten", () => {
    assert.equal(formatBytes(0, "en"), "0 B");
    assert.equal(formatBytes(512, "en"), "512 B");
    assert.equal(formatBytes(1536, "en"), "1.5 KB");
    assert.equal(formatBytes(48213, "en"), "47 KB");
    assert.equal(formatBytes(20 * MB, "en"), "20 MB");
    assert.equal(formatBytes(1.25 * MB, "en"), "1.3 MB");
    assert.equal(formatBytes(3 * 1024 * MB, "en"), "3 GB");
  });

  it("writes numbers in the visitor's locale, and survives a bad one", () => {
    assert.equal(formatBytes(1.5 * MB, "de-DE"), "1,5 MB");
    assert.equal(formatBytes(900, "not a locale!"), "900 B");
  });
});

describe("fitBox", () => {
  it("scales down to fit, keeping the shape, never up", () => {
    assert.deepEqual(fitBox(640, 400, 240, 240), { width: 240, height: 150 });
    assert.deepEqual(fitBox(300, 1200, 240, 240), { width: 60, height: 240 });
    assert.deepEqual(fitBox(64, 48, 240, 240), { width: 64, height: 48 });
    assert.deepEqual(fitBox(10000, 1, 240, 240), { width: 240, height: 1 });
  });

  it("is null without a size", () => {
    assert.equal(fitBox(null, null, 240, 240), null);
    assert.equal(fitBox(0, 10, 240, 240), null);
  });
});
