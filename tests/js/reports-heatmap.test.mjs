import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { heatColor, heatGrid, heatInk, heatLegend, heatLevel } from "../../kefu/static/reports/heatmap.js";

function rgb(color) {
  return color.match(/\d+/g).map(Number);
}

describe("heat grid", () => {
  it("places per_hour counts by weekday (Monday first) and hour", () => {
    const { cells, max, total } = heatGrid([
      [0, 9, 3],
      [4, 23, 7],
      [6, 0, 1],
    ]);
    assert.equal(cells.length, 7);
    assert.ok(cells.every((row) => row.length === 24));
    assert.equal(cells[0][9], 3);
    assert.equal(cells[4][23], 7);
    assert.equal(cells[6][0], 1);
    assert.equal(max, 7);
    assert.equal(total, 11);
  });

  it("ignores cells outside the week and copes with nothing", () => {
    assert.equal(heatGrid([[7, 1, 5], [0, 24, 5], [-1, 0, 1]]).total, 0);
    assert.deepEqual(heatGrid(undefined).max, 0);
  });
});

describe("colour scale", () => {
  it("leaves empty hours neutral and starts the scale visibly above zero", () => {
    assert.equal(heatLevel(0, 10), 0);
    assert.equal(heatLevel(5, 0), 0);
    assert.equal(heatColor(0, 10), "rgb(243, 245, 249)");
    assert.ok(heatLevel(1, 100) >= 0.15);
    assert.equal(heatLevel(10, 10), 1);
  });

  it("gets darker as the count grows, up to the accent colour", () => {
    const shades = [1, 3, 6, 10].map((n) => rgb(heatColor(n, 10)));
    for (let i = 1; i < shades.length; i += 1) {
      const sum = (c) => c[0] + c[1] + c[2];
      assert.ok(sum(shades[i]) < sum(shades[i - 1]), "darker at step " + i);
    }
    assert.deepEqual(shades[3], [29, 78, 216]);
    assert.equal(heatColor(12, 10), heatColor(10, 10)); // clamped
  });

  it("switches to white text on dark cells", () => {
    assert.equal(heatInk(1, 10), "#172033");
    assert.equal(heatInk(10, 10), "#ffffff");
    assert.equal(heatInk(0, 10), "#172033");
  });

  it("has a legend from pale to dark", () => {
    const legend = heatLegend(5);
    assert.equal(legend.length, 5);
    assert.equal(legend[4], heatColor(1, 1));
  });
});
