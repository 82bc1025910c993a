/*
 * POST /api/attachments with upload progress (XMLHttpRequest: fetch reports
 * none). Every outcome resolves to one shape: {ok: true, attachment} or
 * {ok: false, status, error: {code, message}}.
 */

const TIMEOUT_MS = 5 * 60 * 1000;

/** The result of an answered (or unanswered: status 0) upload request. Pure. */
export function uploadResult(status, responseText) {
  let body = null;
  try {
    body = responseText ? JSON.parse(responseText) : null;
  } catch (err) {
    body = null;
  }
  if (status === 201 && body && typeof body.id === "number") return { ok: true, attachment: body };
  if (body && body.error && typeof body.error.code === "string") {
    return { ok: false, status, error: { code: body.error.code, message: String(body.error.message || "") } };
  }
  // No JSON: a proxy's page, or no answer at all.
  let code = "internal_error";
  if (status === 0) code = "network_error";
  else if (status === 413) code = "file_too_large";
  else if (status === 415) code = "unsupported_type";
  else if (status === 429) code = "rate_limited";
  else if (status === 401) code = "unauthorized";
  return { ok: false, status, error: { code, message: "" } };
}

/**
 * Upload `file` with bearer `token`; `onProgress(fraction)` as bytes go out. Returns
 * {promise, abort}; an aborted upload resolves with the code "aborted".
 */
export function uploadFile(url, file, token, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve) => {
    xhr.open("POST", url);
    xhr.setRequestHeader("Authorization", "Bearer " + token);
    xhr.timeout = TIMEOUT_MS;
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0 && onProgress) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => resolve(uploadResult(xhr.status, xhr.responseText)));
    xhr.addEventListener("error", () => resolve(uploadResult(0, "")));
    xhr.addEventListener("timeout", () => resolve({ ok: false, status: 0, error: { code: "timeout", message: "" } }));
    xhr.addEventListener("abort", () => resolve({ ok: false, status: 0, error: { code: "aborted", message: "" } }));
    const form = new FormData();
    form.append("file", file, file.name || "file");
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
