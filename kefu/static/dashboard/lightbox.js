/* The dashboard's image viewer: the shared one (widget/core/lightbox.js) with its strings. */

import { $ } from "../widget/core/dom.js";
import { bindLightbox as bindShared } from "../widget/core/lightbox.js";
import { T } from "./i18n.js";

export { openLightbox } from "../widget/core/lightbox.js";

export function bindLightbox() {
  $("lightbox-close").textContent = T.closeImage;
  $("lightbox-download").textContent = T.downloadImage;
  bindShared("lightbox-stage");
}
