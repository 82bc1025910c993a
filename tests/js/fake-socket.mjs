// A stand-in for a socket.io client: records emits and answers acks as told.

export class FakeSocket {
  /** answer(event, payload) -> {err} | {ack} | undefined (never answers). */
  constructor(answer) {
    this.connected = true;
    this.emitted = [];
    this.timeouts = [];
    this.answer = answer || (() => undefined);
  }

  timeout(ms) {
    this.timeouts.push(ms);
    return {
      emit: (event, payload, callback) => {
        this.emitted.push({ event, payload });
        const reply = this.answer(event, payload);
        if (!reply) return;
        queueMicrotask(() => callback(reply.err || null, reply.ack));
      },
    };
  }
}

/** Let pending promise callbacks (acks, awaits) run. */
export function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}
