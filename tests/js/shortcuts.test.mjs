import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { chordText, isTyping, neighbour, shortcutFor, SHORTCUTS } from "../../kefu/static/dashboard/shortcuts.js";

const key = (code, extra) => ({ code, key: "", altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...extra });

describe("shortcutFor", () => {
  it("maps Alt chords by the key's place, also while typing", () => {
    assert.equal(shortcutFor(key("ArrowDown", { altKey: true }), true), "next");
    assert.equal(shortcutFor(key("KeyJ", { altKey: true, key: "∆" }), true), "next");
    assert.equal(shortcutFor(key("KeyK", { altKey: true }), false), "previous");
    assert.equal(shortcutFor(key("KeyR", { altKey: true }), true), "focus");
    assert.equal(shortcutFor(key("KeyN", { altKey: true }), true), "toggle");
    assert.equal(shortcutFor(key("KeyN", { ctrlKey: true, shiftKey: true }), true), "toggle");
    assert.equal(shortcutFor(key("KeyC", { altKey: true }), false), "close");
  });

  it("ignores other chords and plain letters", () => {
    assert.equal(shortcutFor(key("KeyC", { altKey: true, ctrlKey: true }), false), null);
    assert.equal(shortcutFor(key("KeyC", { altKey: true, shiftKey: true }), false), null);
    assert.equal(shortcutFor(key("KeyJ", { key: "j" }), false), null);
    assert.equal(shortcutFor(key("KeyC", { ctrlKey: true, key: "c" }), false), null);
  });

  it("opens the list on ? only when the key is not typed into a field", () => {
    assert.equal(shortcutFor(key("Slash", { key: "?", shiftKey: true }), false), "help");
    assert.equal(shortcutFor(key("Slash", { key: "?", shiftKey: true }), true), null);
  });

  it("lists every action it knows", () => {
    assert.deepEqual(SHORTCUTS.map(([action]) => action).sort(),
      ["close", "focus", "help", "next", "previous", "toggle"]);
  });
});

describe("isTyping", () => {
  it("is true for text fields and editable elements, false for buttons and the page", () => {
    assert.equal(isTyping({ tagName: "TEXTAREA" }), true);
    assert.equal(isTyping({ tagName: "INPUT", type: "search" }), true);
    assert.equal(isTyping({ tagName: "INPUT", type: "radio" }), false);
    assert.equal(isTyping({ tagName: "BUTTON" }), false);
    assert.equal(isTyping({ tagName: "DIV", isContentEditable: true }), true);
    assert.equal(isTyping(null), false);
  });
});

describe("neighbour", () => {
  it("steps through the list and stays at its ends", () => {
    assert.equal(neighbour([4, 7, 9], 7, 1), 9);
    assert.equal(neighbour([4, 7, 9], 7, -1), 4);
    assert.equal(neighbour([4, 7, 9], 9, 1), 9);
    assert.equal(neighbour([4, 7, 9], 4, -1), 4);
  });

  it("starts at the first (next) or the last (previous) when none is open", () => {
    assert.equal(neighbour([4, 7, 9], null, 1), 4);
    assert.equal(neighbour([4, 7, 9], 3, -1), 9);
    assert.equal(neighbour([], null, 1), null);
  });
});

describe("chordText", () => {
  it("shows Mac keys on a Mac", () => {
    assert.deepEqual(chordText(["Alt", "J"], true), ["⌥", "J"]);
    assert.deepEqual(chordText(["Ctrl", "Shift", "N"], true), ["⌘", "Shift", "N"]);
    assert.deepEqual(chordText(["Alt", "J"], false), ["Alt", "J"]);
  });
});
