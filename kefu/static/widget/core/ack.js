/*
 * Socket.IO events with acknowledgements: one answer shape for every outcome,
 * and which failures are worth retrying without asking the user.
 */

/**
 * Emit with an ack and a timeout. Resolves with the ack, or with a synthetic
 * {ok: false, error: {code: "timeout" | "disconnected" | "bad_ack"}} so callers handle one shape.
 * Nothing is emitted while disconnected: socket.io would buffer it and send it
 * again on reconnect beside our own resend.
 */
export function emitAck(socket, event, payload, timeoutMs) {
  return new Promise((resolve) => {
    if (!socket || !socket.connected) {
      resolve({ ok: false, error: { code: "disconnected", message: "Not connected." } });
      return;
    }
    socket.timeout(timeoutMs || 10000).emit(event, payload, (err, ack) => {
      if (err) {
        resolve({ ok: false, error: { code: "timeout", message: "No answer from the server." } });
      } else if (!ack || typeof ack !== "object") {
        resolve({ ok: false, error: { code: "bad_ack", message: "Unexpected answer from the server." } });
      } else {
        resolve(ack);
      }
    });
  });
}

/**
 * Errors worth retrying by themselves; anything else waits for the user. `unavailable` is
 * the server's "the database cannot answer now, send it again" and `conflict` its "a race
 * with another tab, send it again": the same client_id is stored once either way.
 */
const TRANSIENT = new Set(["timeout", "disconnected", "internal_error", "rate_limited", "bad_ack",
  "network_error", "unavailable", "conflict"]);

export function isTransient(error) {
  return !error || TRANSIENT.has(error.code);
}
