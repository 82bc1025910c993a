import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";

import { coalesce } from "../../kefu/static/widget/core/coalesce.js";

describe("coalesce", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
  afterEach(() => mock.timers.reset());

  it("runs once, ms after the first of a burst of calls", () => {
    let runs = 0;
    const soon = coalesce(() => runs++, 300);
    soon();
    mock.timers.tick(200);
    soon();
    soon();
    assert.equal(runs, 0);
    mock.timers.tick(100);
    assert.equal(runs, 1);
    mock.timers.tick(1000);
    assert.equal(runs, 1);
  });

  it("runs again for a call after the previous run", () => {
    let runs = 0;
    const soon = coalesce(() => runs++, 300);
    soon();
    mock.timers.tick(300);
    soon();
    mock.timers.tick(300);
    assert.equal(runs, 2);
  });
});
