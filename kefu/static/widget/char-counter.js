/* The composer's counter: shown near the length limit, and the reason a send is refused. */

import { counterState, messageLimit } from "./core/counter.js";
import { $ } from "./core/dom.js";
import { hideNotice } from "./notice.js";
import { state } from "./state.js";

/** Redraw the counter for what the composer holds; its counterState. */
export function updateCounter() {
  const input = $("input");
  const counter = $("counter");
  const T = state.T;
  const status = counterState(input.value, messageLimit(state.site));
  counter.hidden = !status.show;
  counter.textContent = !status.show ? "" : status.over ? T.charsOver(-status.remaining) : T.charsLeft(status.remaining);
  counter.classList.toggle("kw-counter--over", status.over);
  $("composer").classList.toggle("kw-composer--counting", status.show);
  if (!status.over) hideNotice("length"); // shortened: the refusal no longer applies
  input.setAttribute("aria-invalid", status.over ? "true" : "false");
  $("send").setAttribute("aria-disabled", status.over ? "true" : "false");
  return status;
}
