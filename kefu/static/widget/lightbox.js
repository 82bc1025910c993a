/* The widget's image viewer: the shared one (core/lightbox.js) with the widget's strings. */

import { $ } from "./core/dom.js";
import { bindLightbox as bindShared } from "./core/lightbox.js";
import { state } from "./state.js";

export { closeLightbox, openLightbox } from "./core/lightbox.js";

export function applyLightboxStrings() {
  const T = state.T;
  $("lightbox").setAttribute("aria-label", T.imageViewer);
  $("lightbox-close-text").textContent = T.closeImage;
  $("lightbox-download-text").textContent = T.downloadImage;
}

export function bindLightbox() {
  bindShared("kw-lightbox-stage");
}
