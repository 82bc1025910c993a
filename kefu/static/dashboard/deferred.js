/*
 * Actions that wait out an undo window: scheduled by key, cancelled by Undo, run when the
 * window passes, or all at once when the page goes away. Pure (timers injected), so the
 * window is unit-tested without waiting.
 */

export class Deferred {
  // Wrapped: the browser's setTimeout refuses to run as a method of another object.
  constructor(setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id)) {
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.pending = new Map(); // key -> {timer, action}
  }

  /** Run `action` after `ms` unless cancelled; false (nothing scheduled) if `key` waits already. */
  schedule(key, ms, action) {
    if (this.pending.has(key)) return false;
    const timer = this.setTimer(() => this.run(key), ms);
    this.pending.set(key, { timer, action });
    return true;
  }

  has(key) {
    return this.pending.has(key);
  }

  /** Undo: the action never runs. True when something was waiting. */
  cancel(key) {
    const item = this.pending.get(key);
    if (!item) return false;
    this.clearTimer(item.timer);
    this.pending.delete(key);
    return true;
  }

  /** Run `key`'s action now (its window passed). */
  run(key) {
    const item = this.pending.get(key);
    if (!item) return;
    this.clearTimer(item.timer);
    this.pending.delete(key);
    item.action();
  }

  /** Run everything still waiting, with `runner(key)` in place of the actions if given. */
  runAll(runner) {
    Array.from(this.pending.keys()).forEach((key) => {
      if (!runner) {
        this.run(key);
        return;
      }
      this.clearTimer(this.pending.get(key).timer);
      this.pending.delete(key);
      runner(key);
    });
  }

  clear() {
    this.pending.forEach((item) => this.clearTimer(item.timer));
    this.pending.clear();
  }
}
