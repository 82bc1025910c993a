/*
 * A message's attachment as DOM: an image preview whose box is reserved from
 * its width and height (no jump when it loads), or a download chip (name,
 * size). Names reach the page only as text.
 *   labels {openImage(name), download(name, size), uploading(percent)}
 */

import { el } from "./dom.js";
import { fitBox, formatBytes, isImageType } from "./file-check.js";

// The largest an image shows in the thread; CSS may shrink it further (max-width: 100%).
export const IMAGE_BOX = { width: 240, height: 240 };

function extensionLabel(name) {
  const match = /\.([^./\\]{1,5})$/.exec(String(name || ""));
  return match ? match[1].toUpperCase() : "FILE";
}

/** An <img> of `src` in its fitted box (`width`/`height` may be unknown: CSS decides). */
function previewImage(src, name, width, height) {
  const img = el("img", "kf-image-img");
  img.alt = name || "";
  img.decoding = "async";
  const box = fitBox(width, height, IMAGE_BOX.width, IMAGE_BOX.height);
  if (box) {
    img.width = box.width;
    img.height = box.height;
  }
  img.src = src;
  return img;
}

/** The chip of a file that is downloaded rather than shown. */
function fileChip(tag, name, size, locale) {
  const chip = el(tag, "kf-file");
  chip.appendChild(el("span", "kf-file-icon", extensionLabel(name))).setAttribute("aria-hidden", "true");
  const text = el("span", "kf-file-text");
  text.appendChild(el("span", "kf-file-name", name));
  text.appendChild(el("span", "kf-file-size", formatBytes(size, locale)));
  chip.appendChild(text);
  return chip;
}

/**
 * A stored attachment ({name, content_type, size, url, width, height}). `onOpenImage(attachment,
 * button)` opens an image larger; without it the image is only shown.
 */
export function attachmentNode(attachment, options) {
  const opts = options || {};
  const labels = opts.labels || {};
  const name = attachment.name || "";
  if (isImageType(attachment.content_type) && attachment.url) {
    const button = el("button", "kf-image");
    button.type = "button";
    button.setAttribute("aria-label", labels.openImage ? labels.openImage(name) : name);
    button.appendChild(previewImage(attachment.url, name, attachment.width, attachment.height));
    button.addEventListener("click", () => {
      if (opts.onOpenImage) opts.onOpenImage(attachment, button);
    });
    return button;
  }
  const link = fileChip("a", name, attachment.size, opts.locale);
  if (attachment.url) {
    link.href = attachment.url;
    link.download = name;
    link.rel = "noopener noreferrer nofollow";
  }
  const size = formatBytes(attachment.size, opts.locale);
  link.setAttribute("aria-label", labels.download ? labels.download(name, size) : name + " (" + size + ")");
  return link;
}

/**
 * A file still on its way: its preview (`previewUrl`: a blob: URL of the picked file, or the
 * uploaded file's own URL) or chip, and a progress bar while `progress` (0..1) is a number.
 * `file` is {name, size, content_type, width, height}.
 */
export function pendingFileNode(file, previewUrl, progress, options) {
  const opts = options || {};
  const labels = opts.labels || {};
  const wrap = el("div", "kf-pending-file");
  if (previewUrl && isImageType(file.content_type)) {
    const frame = el("div", "kf-image");
    frame.appendChild(previewImage(previewUrl, file.name, file.width, file.height));
    wrap.appendChild(frame);
  } else {
    wrap.appendChild(fileChip("div", file.name || "", file.size, opts.locale));
  }
  if (typeof progress === "number") {
    const percent = Math.max(0, Math.min(100, Math.round(progress * 100)));
    const bar = el("div", "kf-progress");
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", "100");
    bar.setAttribute("aria-valuenow", String(percent));
    bar.setAttribute("aria-label", labels.uploading ? labels.uploading(percent) : percent + "%");
    const fill = el("div", "kf-progress-fill");
    fill.style.width = percent + "%";
    bar.appendChild(fill);
    wrap.appendChild(bar);
  }
  return wrap;
}

/** Move a progress bar drawn by pendingFileNode to `progress` (0..1) without redrawing it. */
export function setProgress(container, progress, labels) {
  const bar = container && container.querySelector(".kf-progress");
  if (!bar) return;
  const percent = Math.max(0, Math.min(100, Math.round(progress * 100)));
  bar.setAttribute("aria-valuenow", String(percent));
  if (labels && labels.uploading) bar.setAttribute("aria-label", labels.uploading(percent));
  bar.firstChild.style.width = percent + "%";
}
