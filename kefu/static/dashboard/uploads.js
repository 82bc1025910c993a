/*
 * Files the agent sends (picked, pasted or dropped): checked against the
 * default limits, shown at once as a pending message with a preview and a
 * progress bar, uploaded with the agent's token, then sent through the outbox
 * like text (as a note when the composer is in note mode). A failed upload
 * says why (the server's message) and can be retried.
 */

import { pendingFileNode, setProgress } from "../widget/core/attachment-view.js";
import { $, scrollToBottom } from "../widget/core/dom.js";
import { acceptAttribute, checkFile, formatBytes, uploadRules } from "../widget/core/file-check.js";
import { forgetUploads as forgetHeld, pendingLook, pickedFile, runUpload } from "../widget/core/upload-jobs.js";
import { LOCALE, T, errorText } from "./i18n.js";
import { renderPendingFor } from "./messages.js";
import { flushOutbox } from "./replies.js";
import * as Session from "./session.js";
import { state } from "./state.js";
import { toast } from "./views.js";

const MAX_FILES = 5;
let rules = uploadRules(null);

// client_id -> {file, previewUrl, progress, abort}: the bytes live only in this page.
const uploads = new Map();

function refusal(file, problem) {
  const name = file.name || "file";
  if (problem.code === "too_large") {
    return T.fileTooLarge(name, formatBytes(problem.size, LOCALE), formatBytes(problem.maxBytes, LOCALE));
  }
  if (problem.code === "type") return T.fileType(name);
  return T.fileEmpty(name);
}

/** Take the server's limits (KEFU_UPLOAD_MAX_BYTES, KEFU_UPLOAD_TYPES) from the widget config. */
export async function loadUploadRules() {
  try {
    const response = await fetch("/api/widget/config");
    const config = response.ok ? await response.json() : null;
    if (config && config.upload) {
      rules = uploadRules(config.upload);
      const picker = document.getElementById("attach-input");
      if (picker) picker.accept = acceptAttribute(rules);
    }
  } catch (err) {
    /* the defaults stay; the server checks every upload anyway */
  }
}

/** Send files into `entry` (one of my open conversations); `isPrivate` makes them notes. */
export async function sendFiles(entry, fileList, isPrivate) {
  const files = Array.from(fileList || []);
  if (!entry || entry.ended || !files.length) return;
  if (files.length > MAX_FILES) files.length = MAX_FILES;
  for (const file of files) {
    const problem = checkFile(file, rules);
    if (problem) {
      toast(refusal(file, problem), true);
      continue;
    }
    await queueFile(entry, file, isPrivate);
  }
}

async function queueFile(entry, file, isPrivate) {
  const { facts, upload } = await pickedFile(file);
  const item = state.outbox.add({
    conversation_id: entry.id,
    content: "",
    type: "file",
    private: !!isPrivate,
    state: "uploading",
    attachment_id: null,
    file: facts,
  });
  uploads.set(item.client_id, upload);
  renderPendingFor(entry);
  scrollToBottom($("messages"));
  startUpload(item);
}

function rowOf(clientId) {
  return $("messages").querySelector('.kf-msg--pending[data-client-id="' + CSS.escape(clientId) + '"]');
}

/** Upload (again) the bytes of a file item; once stored it waits in the outbox to be sent. */
export async function startUpload(item) {
  const upload = uploads.get(item.client_id);
  const entry = state.convs.get(item.conversation_id);
  if (!upload || !entry) return;
  const result = await runUpload(item, upload, {
    outbox: state.outbox,
    token: Session.accessToken,
    onProgress: (fraction) => setProgress(rowOf(item.client_id), fraction, { uploading: T.uploading }),
    render: () => renderPendingFor(entry),
    T,
    errorText,
  });
  if (result && result.ok) flushOutbox();
}

/** Whether a failed item is an upload that can start again from the bytes held here. */
export function canRetryUpload(item) {
  return item.type === "file" && item.attachment_id === null && uploads.has(item.client_id);
}

/** Drop what is kept for items no longer pending: aborts and previews. */
export function forgetUploads() {
  forgetHeld(uploads, state.outbox);
}

/** How a file item shows while pending (the view's pendingFile). */
export function pendingFile(item) {
  const { preview, progress } = pendingLook(item, uploads.get(item.client_id));
  return pendingFileNode(item.file || {}, preview, progress, { labels: { uploading: T.uploading }, locale: LOCALE });
}
