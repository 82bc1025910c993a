import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { durationScale, exportFileName, firstDirection, isEmpty, mergeAgents, sortAgents } from "../../kefu/static/reports/model.js";

const ROWS = [
  { agent: { id: 2, name: "Bob" }, conversations: 5, first_response_median: 40, resolution_median: 900, csat_average: null },
  { agent: { id: 1, name: "Alice" }, conversations: 5, first_response_median: 20, resolution_median: 1200, csat_average: 4.5 },
  { agent: { id: 3, name: "Chen" }, conversations: 2, first_response_median: null, resolution_median: 300, csat_average: 3 },
];
const names = (rows) => rows.map((row) => row.agent.name);

describe("per-agent order", () => {
  it("sorts by a figure either way, rows without one last, ties in the server's order", () => {
    assert.deepEqual(names(sortAgents(ROWS, "conversations", "desc")), ["Bob", "Alice", "Chen"]);
    assert.deepEqual(names(sortAgents(ROWS, "conversations", "asc")), ["Chen", "Bob", "Alice"]);
    assert.deepEqual(names(sortAgents(ROWS, "first_response_median", "asc")), ["Alice", "Bob", "Chen"]);
    assert.deepEqual(names(sortAgents(ROWS, "first_response_median", "desc")), ["Bob", "Alice", "Chen"]);
    assert.deepEqual(names(sortAgents(ROWS, "csat_average", "desc")), ["Alice", "Chen", "Bob"]);
    assert.deepEqual(names(sortAgents(ROWS, "csat_average", "asc")), ["Chen", "Alice", "Bob"]);
  });

  it("sorts names alphabetically and does not touch the input", () => {
    const before = names(ROWS);
    assert.deepEqual(names(sortAgents(ROWS, "agent", "asc")), ["Alice", "Bob", "Chen"]);
    assert.deepEqual(names(ROWS), before);
    assert.equal(firstDirection("agent"), "asc");
    assert.equal(firstDirection("conversations"), "desc");
  });
});

describe("agent choices", () => {
  it("merges the agents of each report into what is known, by name", () => {
    const known = new Map([["9", "Zoe"]]);
    assert.deepEqual(mergeAgents(known, ROWS), [
      { id: "1", name: "Alice" },
      { id: "2", name: "Bob" },
      { id: "3", name: "Chen" },
      { id: "9", name: "Zoe" },
    ]);
    assert.equal(mergeAgents(known, []).length, 4);
  });
});

describe("the rest", () => {
  it("knows an empty report", () => {
    assert.ok(isEmpty({ conversations: 0 }));
    assert.ok(isEmpty(null));
    assert.ok(!isEmpty({ conversations: 1 }));
  });

  it("names the export after the server's header, else the period", () => {
    const filters = { from: "2026-11-01", to: "2026-11-30" };
    assert.equal(exportFileName('attachment; filename="kefu-conversations-2026-11-01-2026-11-30.csv"', filters), "kefu-conversations-2026-11-01-2026-11-30.csv");
    assert.equal(exportFileName(null, filters), "kefu-conversations-2026-11-01-2026-11-30.csv");
  });

  it("plots durations in a unit that suits the largest one", () => {
    assert.deepEqual(durationScale(90), { divisor: 1, unit: "unitSec" });
    assert.deepEqual(durationScale(600), { divisor: 60, unit: "unitMin" });
    assert.deepEqual(durationScale(4 * 3600), { divisor: 3600, unit: "unitHour" });
    assert.deepEqual(durationScale(3 * 86400), { divisor: 86400, unit: "unitDay" });
    assert.deepEqual(durationScale(NaN), { divisor: 1, unit: "unitSec" });
  });
});
