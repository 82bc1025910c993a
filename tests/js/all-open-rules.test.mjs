import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { applyConversation, mayReassign, seesAllOpen, sortAllOpen } from "../../kefu/static/dashboard/all-open-rules.js";

const open = (id, minute, agentId = 1) => ({
  id,
  status: "open",
  agent: { id: agentId, name: "A" + agentId },
  assigned_at: `2026-12-04T10:${String(minute).padStart(2, "0")}:00Z`,
});

describe("seesAllOpen and mayReassign", () => {
  it("shows All open to overseers always and to agents only when the admin allows it", () => {
    assert.equal(seesAllOpen("supervisor"), true);
    assert.equal(seesAllOpen("admin", false), true);
    assert.equal(seesAllOpen("agent"), false);
    assert.equal(seesAllOpen("agent", false), false);
    assert.equal(seesAllOpen("agent", true), true);
    assert.equal(seesAllOpen(undefined, true), false);
  });

  it("leaves reassigning to supervisors and admins", () => {
    assert.deepEqual(["agent", "supervisor", "admin"].map(mayReassign), [false, true, true]);
  });
});

describe("applyConversation", () => {
  const rows = sortAllOpen([open(1, 1), open(2, 2), open(3, 3)]);

  it("puts a newly assigned conversation on top and counts it", () => {
    const next = applyConversation(rows, 3, open(4, 4), 100);
    assert.deepEqual(next.rows.map((c) => c.id), [4, 3, 2, 1]);
    assert.equal(next.total, 4);
    assert.equal(next.reread, false);
  });

  it("moves a transferred one to the top with its new agent, without counting it twice", () => {
    const next = applyConversation(rows, 3, open(1, 9, 7), 100);
    assert.deepEqual(next.rows.map((c) => c.id), [1, 3, 2]);
    assert.equal(next.rows[0].agent.id, 7);
    assert.equal(next.total, 3);
  });

  it("drops a closed or requeued one", () => {
    const closed = applyConversation(rows, 3, { ...open(2, 2), status: "closed" }, 100);
    assert.deepEqual(closed.rows.map((c) => c.id), [3, 1]);
    assert.equal(closed.total, 2);
    const queued = applyConversation(rows, 3, { id: 3, status: "queued", agent: null }, 100);
    assert.deepEqual(queued.rows.map((c) => c.id), [2, 1]);
    assert.equal(queued.reread, false);
  });

  it("ignores a conversation it never listed when the list is whole", () => {
    const next = applyConversation(rows, 3, { id: 9, status: "queued", agent: null }, 100);
    assert.equal(next.rows, rows);
    assert.equal(next.total, 3);
    assert.equal(next.reread, false);
  });

  it("keeps at most `limit` rows and asks for a read when the cut list cannot tell", () => {
    const full = applyConversation(rows, 3, open(4, 4), 3);
    assert.deepEqual(full.rows.map((c) => c.id), [4, 3, 2]);
    assert.equal(full.total, 4);
    assert.equal(full.reread, false);
    const left = applyConversation(full.rows, 4, { ...open(3, 3), status: "closed" }, 3);
    assert.deepEqual(left.rows.map((c) => c.id), [4, 2]);
    assert.equal(left.total, 3);
    assert.equal(left.reread, true); // conversation 1 comes back into view
    const unknown = applyConversation(full.rows, 4, { ...open(1, 1), status: "closed" }, 3);
    assert.equal(unknown.reread, true);
    assert.equal(unknown.total, 4); // the read decides
  });
});
