/*
 * The ways a file reaches the widget: the paperclip (a file input), an image
 * pasted into the composer, files dropped onto the chat.
 */

import { acceptAttribute } from "./core/file-check.js";
import { $ } from "./core/dom.js";
import { state } from "./state.js";
import { currentRules, sendFiles } from "./uploads.js";

function hasFiles(event) {
  return !!event.dataTransfer && Array.from(event.dataTransfer.types || []).includes("Files");
}

/** Offer the allowed kinds in the file picker (the server's list, once known). */
export function applyUploadRules() {
  $("attach").accept = acceptAttribute(currentRules());
}

export function applyAttachStrings() {
  $("attach").setAttribute("aria-label", state.T.attach);
  $("attach-button").title = state.T.attach;
  $("drop-text").textContent = state.T.dropHere;
}

export function bindAttach() {
  const input = $("attach");
  input.addEventListener("change", () => {
    const files = Array.from(input.files || []);
    input.value = ""; // the same file may be picked again
    sendFiles(files);
  });

  $("input").addEventListener("paste", (event) => {
    const data = event.clipboardData;
    const files = data ? Array.from(data.files || []) : [];
    // Copied text may come with a picture of itself (a spreadsheet's cells): text wins.
    if (!files.length || Array.from(data.types || []).includes("text/plain")) return;
    event.preventDefault();
    sendFiles(files);
  });

  const app = $("app");
  const zone = $("drop");
  let depth = 0;
  app.addEventListener("dragenter", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    zone.hidden = false;
  });
  app.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  });
  app.addEventListener("dragleave", (event) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (!depth) zone.hidden = true;
  });
  app.addEventListener("drop", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    zone.hidden = true;
    sendFiles(event.dataTransfer.files);
  });
}
