/*
 * An image from a thread, large, in a modal <dialog id="lightbox">: Escape, the
 * close button or a click beside the image closes it, and focus goes back to
 * the image that opened it. Shared by the widget and the dashboard; each page
 * sets the dialog's strings itself.
 */

import { $ } from "./dom.js";

let opener = null;

export function openLightbox(attachment, trigger) {
  const dialog = $("lightbox");
  const img = $("lightbox-img");
  opener = trigger || null;
  img.alt = attachment.name || "";
  if (attachment.width && attachment.height) {
    img.width = attachment.width;
    img.height = attachment.height;
  } else {
    img.removeAttribute("width");
    img.removeAttribute("height");
  }
  img.src = attachment.url;
  $("lightbox-name").textContent = attachment.name || "";
  const download = $("lightbox-download");
  download.href = attachment.url;
  download.download = attachment.name || "";
  if (!dialog.open) dialog.showModal();
  $("lightbox-close").focus();
}

export function closeLightbox() {
  const dialog = $("lightbox");
  if (dialog.open) dialog.close();
}

/* `stageClass`: the class of the area around the image, where a click closes. */
export function bindLightbox(stageClass) {
  const dialog = $("lightbox");
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    // Escape closes the image, not what holds it (the widget closes the chat on Escape).
    event.preventDefault();
    event.stopPropagation();
    closeLightbox();
  });
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    closeLightbox();
  });
  dialog.addEventListener("click", (event) => {
    // A click on the backdrop or beside the image (not on the image or the bar).
    if (event.target === dialog || event.target.classList.contains(stageClass)) closeLightbox();
  });
  $("lightbox-close").addEventListener("click", closeLightbox);
  dialog.addEventListener("close", () => {
    $("lightbox-img").removeAttribute("src");
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  });
}
