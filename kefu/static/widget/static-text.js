/* The page's fixed labels, in the visitor's language. */

import { applyAttachStrings } from "./attach-input.js";
import { $ } from "./core/dom.js";
import { buildEmoji } from "./emoji-picker.js";
import { applyLightboxStrings } from "./lightbox.js";
import { buildStars } from "./rating.js";
import { state } from "./state.js";

export function applyStrings() {
  const T = state.T;
  $("title").textContent = state.config.title || T.title;
  $("subtitle").textContent = T.subtitleIdle;
  $("welcome-title").textContent = T.welcomeTitle;
  $("welcome-text").textContent = T.welcomeText;
  $("input-label").textContent = T.inputLabel;
  $("send").setAttribute("aria-label", T.send);
  $("minimize").setAttribute("aria-label", T.minimize);
  $("earlier").textContent = T.earlier;
  $("jump").textContent = T.newMessages;
  $("rating-title").textContent = T.ratingTitle;
  $("rating-comment").placeholder = T.ratingComment;
  $("rating-comment-label").textContent = T.ratingCommentLabel;
  $("rating-submit").textContent = T.ratingSubmit;
  $("powered").textContent = T.powered;
  $("input").placeholder = T.placeholder;
  $("notice-close").setAttribute("aria-label", T.dismiss);
  buildStars(T.stars);
  buildEmoji();
  applyAttachStrings();
  applyLightboxStrings();
}
