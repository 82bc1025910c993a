/*
 * What the widget and the dashboard do alike with the files a person sends:
 * measure a picked image, upload the bytes of an outbox entry and record the
 * outcome on it, and let go of what finished entries held. Each page keeps its
 * own map of uploads (client_id -> {file, previewUrl, progress, abort}) and
 * says how to redraw and send.
 */

import { isImageType } from "./file-check.js";
import { uploadFile } from "./upload.js";

// Failures that say nothing about the file: the same bytes may be tried again.
const CONNECTION_CODES = new Set(["network_error", "timeout", "internal_error", "aborted"]);

/** Width and height of a picked image (its box is reserved before it loads); null if unknown. */
async function imageSize(file) {
  if (!isImageType(file.type) || typeof createImageBitmap !== "function") return null;
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch (err) {
    return null;
  }
}

/**
 * A picked file as the outbox records it (`facts`: name, size, type, image box)
 * and as the page holds it meanwhile (`upload`: the bytes, an image preview,
 * progress, abort).
 */
export async function pickedFile(file) {
  const box = await imageSize(file);
  const facts = {
    name: file.name || "file",
    size: file.size,
    content_type: file.type || "",
    width: box ? box.width : null,
    height: box ? box.height : null,
  };
  const upload = { file, previewUrl: box ? URL.createObjectURL(file) : null, progress: 0, abort: null };
  return { facts, upload };
}

/**
 * Upload the bytes held for `entry` and mark it: "waiting" (to be sent) with its
 * attachment, or "failed" with {code, message} ("network_error" when retrying
 * the same bytes may help). Answers the result, or null when the entry was
 * deleted meanwhile. `page`: {outbox, token, onProgress(fraction), render(),
 * T, errorText}.
 */
export async function runUpload(entry, upload, page) {
  entry.state = "uploading";
  entry.error = null;
  upload.progress = 0;
  page.render();
  let result;
  try {
    const request = uploadFile("/api/attachments", upload.file, await page.token(), (fraction) => {
      upload.progress = fraction;
      page.onProgress(fraction);
    });
    upload.abort = request.abort;
    result = await request.promise;
  } catch (err) {
    result = { ok: false, error: { code: "network_error", message: "" } };
  }
  upload.abort = null;
  if (!page.outbox.get(entry.client_id)) return null; // deleted meanwhile
  if (result.ok) {
    entry.attachment_id = result.attachment.id;
    entry.attachment = result.attachment;
    entry.state = "waiting";
  } else {
    const code = CONNECTION_CODES.has(result.error.code) ? "network_error" : result.error.code;
    const message = code === "network_error" ? page.T.uploadFailed : page.errorText(result.error, page.T);
    entry.state = "failed";
    entry.error = { code, message: message || page.T.uploadFailed };
  }
  page.outbox.save();
  page.render();
  return result;
}

/** Drop what is kept for entries no longer pending (sent or deleted): aborts, previews. */
export function forgetUploads(uploads, outbox) {
  uploads.forEach((upload, clientId) => {
    if (outbox.get(clientId)) return;
    if (upload.abort) upload.abort();
    if (upload.previewUrl) URL.revokeObjectURL(upload.previewUrl);
    uploads.delete(clientId);
  });
}

/** The preview and progress a pending file entry shows. */
export function pendingLook(entry, upload) {
  const preview = (upload && upload.previewUrl) || (entry.attachment && entry.attachment.url) || null;
  const progress = entry.state === "uploading" && upload ? upload.progress : null;
  return { preview, progress };
}
