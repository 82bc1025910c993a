/* My availability: online or away, remembered for this tab across reloads. */

import { emitAck } from "../widget/core/ack.js";
import { setMe } from "./agents.js";
import { T } from "./i18n.js";
import { state } from "./state.js";
import { renderMe } from "./topbar.js";
import { toast } from "./views.js";

const STATUS_KEY = "kefu.agent.status";

/** The status this tab chose last ("online" unless it chose away). */
export function restoreStatus() {
  try {
    state.desiredStatus = sessionStorage.getItem(STATUS_KEY) === "away" ? "away" : "online";
  } catch (err) {
    state.desiredStatus = "online";
  }
}

export async function setStatus(status) {
  state.desiredStatus = status;
  try {
    sessionStorage.setItem(STATUS_KEY, status);
  } catch (err) {
    /* ignore */
  }
  renderMe();
  const ack = await emitAck(state.socket, "status", { status }, 10000);
  if (ack.ok) {
    setMe(ack.agent);
    toast(status === "away" ? T.nowAway : T.nowOnline);
  } else {
    toast(T.statusFailed(ack.error.message), true);
  }
}
