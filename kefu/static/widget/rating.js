/* The rating form shown under a conversation that just closed. */

import { isRecentlyClosed } from "./conversation-status.js";
import { emitAck } from "./core/ack.js";
import { $, el, isNearBottom, scrollToBottom } from "./core/dom.js";
import { errorText } from "./i18n.js";
import { state } from "./state.js";

const ARROW_STEPS = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };

/** One radio-like star per label (in the visitor's language), none chosen. */
export function buildStars(labels) {
  const stars = $("stars");
  stars.textContent = "";
  labels.forEach((label, i) => {
    const star = el("button", "kw-star", "★");
    star.type = "button";
    star.setAttribute("role", "radio");
    star.setAttribute("aria-checked", "false");
    star.setAttribute("aria-label", label);
    star.dataset.score = String(i + 1);
    star.tabIndex = i === 0 ? 0 : -1;
    stars.appendChild(star);
  });
}

export function renderRating() {
  const conv = state.conv;
  const closed = isRecentlyClosed(conv, Date.now());
  const thanks = $("rating-thanks");
  $("rating").hidden = !closed || !!conv.rating;
  thanks.hidden = !closed || !conv.rating;
  if (closed && conv.rating) thanks.textContent = state.T.ratingGiven(conv.rating);
  if (closed && !conv.rating) {
    state.ratingScore = 0;
    paintStars(0);
    $("rating-error").textContent = "";
    const scroller = $("scroller");
    if (isNearBottom(scroller)) requestAnimationFrame(() => scrollToBottom(scroller));
  }
}

/** After the stars were rebuilt in another language: the chosen score and the thanks again. */
export function repaintRating() {
  paintStars(state.ratingScore);
  const conv = state.conv;
  const thanks = $("rating-thanks");
  if (!thanks.hidden && conv && conv.rating) thanks.textContent = state.T.ratingGiven(conv.rating);
  else if (!thanks.hidden) thanks.textContent = state.T.ratingThanks;
}

function paintStars(score) {
  $("stars").querySelectorAll(".kw-star").forEach((star) => {
    const value = Number(star.dataset.score);
    star.classList.toggle("kw-star--on", value <= score);
    star.setAttribute("aria-checked", value === score ? "true" : "false");
    star.tabIndex = (score ? value === score : value === 1) ? 0 : -1;
  });
  $("rating-submit").disabled = !score;
}

async function submitRating() {
  const conv = state.conv;
  if (!conv || !state.ratingScore) return;
  const button = $("rating-submit");
  button.disabled = true;
  $("rating-error").textContent = "";
  const ack = await emitAck(state.socket, "rate", {
    conversation_id: conv.id,
    score: state.ratingScore,
    comment: $("rating-comment").value.trim(),
  }, 10000);
  if (ack.ok) {
    if (state.conv && state.conv.id === conv.id) {
      state.conv = Object.assign({}, state.conv, { rating: state.ratingScore });
    }
    $("rating").hidden = true;
    const thanks = $("rating-thanks");
    thanks.textContent = state.T.ratingThanks;
    thanks.hidden = false;
  } else {
    $("rating-error").textContent = errorText(ack.error, state.T);
    button.disabled = false;
  }
}

export function bindRating() {
  const stars = $("stars");
  stars.addEventListener("click", (event) => {
    const star = event.target.closest(".kw-star");
    if (!star) return;
    state.ratingScore = Number(star.dataset.score);
    paintStars(state.ratingScore);
  });
  stars.addEventListener("keydown", (event) => {
    const delta = ARROW_STEPS[event.key];
    if (!delta) return;
    event.preventDefault();
    state.ratingScore = Math.min(5, Math.max(1, (state.ratingScore || 0) + delta));
    paintStars(state.ratingScore);
    stars.querySelector('[data-score="' + state.ratingScore + '"]').focus();
  });
  $("rating-submit").addEventListener("click", submitRating);
}
