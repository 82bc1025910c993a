/*
 * Files the visitor sends: checked against the server's limits before any
 * upload, shown at once as a pending message with a preview and a progress
 * bar, uploaded, then sent through the outbox (client_id, retries) like text.
 */

import { freshToken } from "./auth.js";
import { ensureStarted } from "./connection.js";
import { pendingFileNode, setProgress } from "./core/attachment-view.js";
import { $, scrollToBottom } from "./core/dom.js";
import { checkFile, formatBytes, typeNames, uploadRules } from "./core/file-check.js";
import { forgetUploads as forgetHeld, pendingLook, pickedFile, runUpload } from "./core/upload-jobs.js";
import { errorText } from "./i18n.js";
import { hideNotice, showNotice } from "./notice.js";
import { flushOutbox } from "./sending.js";
import { state } from "./state.js";
import { renderPending } from "./thread.js";

const MAX_FILES = 5;

/** The limits in force: the server's, else the defaults. */
export function currentRules() {
  return uploadRules(state.site && state.site.upload);
}

function refusal(file, problem) {
  const T = state.T;
  const locale = state.config.locale;
  const name = file.name || "file";
  if (problem.code === "too_large") {
    return T.fileTooLarge(name, formatBytes(problem.size, locale), formatBytes(problem.maxBytes, locale));
  }
  if (problem.code === "type") return T.fileType(name, typeNames(problem.types));
  return T.fileEmpty(name);
}

/** Send picked, pasted or dropped files: each allowed one becomes a message of its own. */
export async function sendFiles(fileList) {
  const files = Array.from(fileList || []);
  if (!files.length) return;
  if (files.length > MAX_FILES) {
    showNotice(state.T.tooManyFiles(MAX_FILES));
    return;
  }
  const rules = currentRules();
  const refused = [];
  const allowed = files.filter((file) => {
    const problem = checkFile(file, rules);
    if (problem) refused.push(refusal(file, problem));
    return !problem;
  });
  if (refused.length) showNotice(refused.join("\n"));
  else hideNotice();
  if (!allowed.length) return;
  ensureStarted();
  for (const file of allowed) await queueFile(file);
}

async function queueFile(file) {
  const { facts, upload } = await pickedFile(file);
  const entry = state.outbox.add({ content: "", type: "file", state: "uploading", attachment_id: null, file: facts });
  state.uploads.set(entry.client_id, upload);
  renderPending();
  scrollToBottom($("scroller"));
  startUpload(entry);
}

function labels() {
  return { uploading: state.T.uploading };
}

function rowOf(clientId) {
  return $("log").querySelector('.kf-msg--pending[data-client-id="' + CSS.escape(clientId) + '"]');
}

/** Upload (again) the bytes of a file entry; on success it waits in the outbox to be sent. */
export async function startUpload(entry, afterRefusedToken) {
  const upload = state.uploads.get(entry.client_id);
  if (!upload) return;
  const result = await runUpload(entry, upload, {
    outbox: state.outbox,
    token: freshToken,
    onProgress: (fraction) => setProgress(rowOf(entry.client_id), fraction, labels()),
    render: renderPending,
    T: state.T,
    errorText,
  });
  if (result && result.ok) flushOutbox();
  else if (result && result.error.code === "unauthorized" && !afterRefusedToken) {
    state.token = null; // expired meanwhile: a new token, once
    startUpload(entry, true);
  }
}

/** Drop what is kept for entries no longer pending (sent or deleted): aborts, previews. */
export function forgetUploads() {
  forgetHeld(state.uploads, state.outbox);
}

/** How a file entry shows while pending (MessageListView's pendingFile). */
export function pendingFile(entry) {
  const { preview, progress } = pendingLook(entry, state.uploads.get(entry.client_id));
  return pendingFileNode(entry.file || {}, preview, progress, { labels: labels(), locale: state.config.locale });
}
