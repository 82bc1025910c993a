import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { seesAllOpen, sortAllOpen } from "../../kefu/static/dashboard/all-open-rules.js";
import {
  agentTargets,
  groupTargets,
  targetPayload,
  unavailableReason,
} from "../../kefu/static/dashboard/transfer-targets.js";

const agent = (id, name, status, load, max, skills) => ({ id, name, status, load, max_concurrent: max, skills: skills || [] });

describe("transfer targets", () => {
  it("says why the server would refuse an agent: away, offline or at the limit", () => {
    assert.equal(unavailableReason(agent(1, "A", "online", 4, 5)), null);
    assert.equal(unavailableReason(agent(1, "A", "online", 5, 5)), "full");
    assert.equal(unavailableReason(agent(1, "A", "away", 0, 5)), "away");
    assert.equal(unavailableReason(agent(1, "A", "offline", 0, 5)), "offline");
  });

  it("lists those who can take it first, then away, offline, by name; the holder left out", () => {
    const agents = [
      agent(1, "Zed", "offline", 0, 5),
      agent(2, "Amy", "away", 0, 5),
      agent(3, "Bob", "online", 5, 5),
      agent(4, "Al", "online", 1, 5),
      agent(5, "Cy", "online", 0, 2),
      agent(6, "Me", "online", 0, 5),
    ];
    const listed = agentTargets(agents, [6]);
    assert.deepEqual(listed.map((a) => a.name), ["Al", "Cy", "Bob", "Amy", "Zed"]);
    assert.deepEqual(listed.map((a) => a.reason), [null, null, "full", "away", "offline"]);
    assert.equal(agents.length, 6); // the input is not touched
  });

  it("counts per skill group the agents who can answer now", () => {
    const agents = [
      agent(1, "A", "online", 0, 5, ["sales"]),
      agent(2, "B", "online", 5, 5, ["sales", "billing"]),
      agent(3, "C", "away", 0, 5, ["billing"]),
    ];
    assert.deepEqual(groupTargets(new Set(["sales", "billing", "vip"]), agents), [
      { name: "billing", free: 0 },
      { name: "sales", free: 1 },
      { name: "vip", free: 0 },
    ]);
  });

  it("turns a picked radio value into the transfer payload, refusing anything else", () => {
    assert.deepEqual(targetPayload("agent:7"), { agent_id: 7 });
    assert.deepEqual(targetPayload("group:after sales"), { skill_group: "after sales" });
    assert.equal(targetPayload("agent:x"), null);
    assert.equal(targetPayload(""), null);
    assert.equal(targetPayload(null), null);
  });
});

describe("all open", () => {
  it("is for supervisors and admins only", () => {
    assert.equal(seesAllOpen("supervisor"), true);
    assert.equal(seesAllOpen("admin"), true);
    assert.equal(seesAllOpen("agent"), false);
    assert.equal(seesAllOpen(undefined), false);
  });

  it("puts the latest assignment first, then the higher id", () => {
    const rows = [
      { id: 1, assigned_at: "2026-12-04T10:00:00Z" },
      { id: 2, assigned_at: "2026-12-04T11:00:00Z" },
      { id: 3, created_at: "2026-12-04T10:30:00Z" },
      { id: 4, assigned_at: "2026-12-04T11:00:00Z" },
    ];
    assert.deepEqual(sortAllOpen(rows).map((c) => c.id), [4, 2, 3, 1]);
  });
});
