/* My availability: online or away, remembered for this tab across reloads. */

import { emitAck } from "../widget/core/ack.js";
import { setMe } from "./agents.js";
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
    toast(status === "away" ? "You are away: no new conversations will be assigned to you." :
      "You are online.");
  } else {
    toast("Could not change your status: " + ack.error.message, true);
  }
}
