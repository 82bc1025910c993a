import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { detailLines, diffLines, pageCount, valueText } from "../../kefu/static/admin/audit-model.js";

describe("audit details, readable", () => {
  it("flattens a settings change to the paths that changed", () => {
    const details = {
      changes: {
        widget: {
          from: { color: "#2563eb", position: "right", prechat: { enabled: false, fields: [] } },
          to: { color: "#0f766e", position: "right", prechat: { enabled: true, fields: [] } },
        },
        auto_close_minutes: { from: null, to: 30 },
      },
    };
    assert.deepEqual(detailLines(details), [
      { path: "widget.color", from: "#2563eb", to: "#0f766e" },
      { path: "widget.prechat.enabled", from: false, to: true },
      { path: "auto_close_minutes", from: null, to: 30 },
    ]);
  });

  it("shows a role change as before → after, and facts as values", () => {
    assert.deepEqual(detailLines({ from: "agent", to: "supervisor" }), [{ path: "", from: "agent", to: "supervisor" }]);
    assert.deepEqual(detailLines({ name: "CRM sync" }), [{ path: "name", value: "CRM sync" }]);
    assert.deepEqual(detailLines({ scope: "team", changes: { shortcut: { from: "hi", to: "hello" } } }), [
      { path: "shortcut", from: "hi", to: "hello" },
      { path: "scope", value: "team" },
    ]);
    assert.deepEqual(detailLines(null), []);
  });

  it("compares whole sections that appear or go away", () => {
    assert.deepEqual(diffLines(null, { timezone: "UTC" }, "business_hours"), [
      { path: "business_hours.timezone", from: null, to: "UTC" },
    ]);
    assert.deepEqual(diffLines({ timezone: "UTC" }, null, "business_hours"), [
      { path: "business_hours.timezone", from: "UTC", to: null },
    ]);
  });

  it("writes values briefly", () => {
    assert.equal(valueText(null, "—"), "—");
    assert.equal(valueText([], "—"), "—");
    assert.equal(valueText(["sales", "vip"], "—"), "sales, vip");
    assert.equal(valueText([["09:00", "18:00"]], "—"), "09:00–18:00");
    assert.equal(valueText(false, "—"), "false");
  });

  it("counts pages", () => {
    assert.equal(pageCount(0, 20), 1);
    assert.equal(pageCount(41, 20), 3);
  });
});
