import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { becameMine, needsAttention, readSettings, repeatDue } from "../../kefu/static/dashboard/alert-rules.js";

const mine = { id: 7, status: "open", agent: { id: 3 } };

describe("becameMine", () => {
  it("is true for a conversation newly mine, or mine again after it ended", () => {
    assert.equal(becameMine(mine, undefined, 3), true);
    assert.equal(becameMine(mine, { ended: "transferred" }, 3), true);
  });

  it("is false for one already open with me, someone else's, or not open", () => {
    assert.equal(becameMine(mine, { ended: null }, 3), false);
    assert.equal(becameMine(mine, undefined, 4), false);
    assert.equal(becameMine({ ...mine, status: "closed" }, undefined, 3), false);
    assert.equal(becameMine({ ...mine, agent: null }, undefined, 3), false);
  });
});

describe("needsAttention", () => {
  const entry = { id: 7, ended: null };
  const visitor = { sender: { type: "visitor" } };
  const looking = { visible: true, focused: true, selectedId: 7 };

  it("is false while I look at that very conversation", () => {
    assert.equal(needsAttention(visitor, entry, looking), false);
  });

  it("is true when another conversation is open, or the page is hidden or not focused", () => {
    assert.equal(needsAttention(visitor, entry, { ...looking, selectedId: 8 }), true);
    assert.equal(needsAttention(visitor, entry, { ...looking, visible: false }), true);
    assert.equal(needsAttention(visitor, entry, { ...looking, focused: false }), true);
  });

  it("leaves out what the conversation's own alert covered", () => {
    const away = { ...looking, selectedId: null };
    const covered = { ...entry, alertedThrough: 1 };
    assert.equal(needsAttention({ ...visitor, seq: 1 }, covered, away), false);
    assert.equal(needsAttention({ ...visitor, seq: 2 }, covered, away), true);
  });

  it("ignores my own side, system notices and ended conversations", () => {
    const away = { ...looking, selectedId: null };
    assert.equal(needsAttention({ sender: { type: "agent" } }, entry, away), false);
    assert.equal(needsAttention({ sender: { type: "system" } }, entry, away), false);
    assert.equal(needsAttention(visitor, { ...entry, ended: "closed" }, away), false);
    assert.equal(needsAttention(visitor, null, away), false);
  });
});

describe("readSettings", () => {
  const defaults = { sound: true, desktop: false, repeat: false, repeatSeconds: 30 };

  it("keeps saved booleans and falls back to sound on, desktop off, no repeat every 30 s", () => {
    assert.deepEqual(readSettings('{"sound": false, "desktop": true}'), { ...defaults, sound: false, desktop: true });
    assert.deepEqual(readSettings('{"sound": "yes"}'), defaults);
    assert.deepEqual(readSettings("not json"), defaults);
    assert.deepEqual(readSettings(null), defaults);
  });

  it("keeps a repeat interval only from the offered choices", () => {
    assert.deepEqual(readSettings('{"repeat": true, "repeatSeconds": 60}'), { ...defaults, repeat: true, repeatSeconds: 60 });
    assert.equal(readSettings('{"repeatSeconds": 1}').repeatSeconds, 30);
    assert.equal(readSettings('{"repeatSeconds": "15"}').repeatSeconds, 30);
  });
});

describe("repeatDue", () => {
  const on = { sound: true, desktop: false, repeat: true, repeatSeconds: 15 };

  it("chimes again once the interval has passed while something is unread", () => {
    assert.equal(repeatDue(on, 2, 1000, 15999), false);
    assert.equal(repeatDue(on, 2, 1000, 16000), true);
  });

  it("stays quiet with nothing unread, the option off (the default) or the sound off", () => {
    assert.equal(repeatDue(on, 0, 0, 60000), false);
    assert.equal(repeatDue({ ...on, repeat: false }, 2, 0, 60000), false);
    assert.equal(repeatDue({ ...on, sound: false }, 2, 0, 60000), false);
    assert.equal(repeatDue(readSettings(null), 2, 0, 60000), false);
  });
});
