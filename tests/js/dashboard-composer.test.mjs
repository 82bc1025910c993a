import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  canEdit, fillVariables, matchCanned, moveIndex, slashQuery, suggestionKey,
} from "../../kefu/static/dashboard/canned.js";
import {
  NOTE,
  REPLY,
  isToggleKey,
  messagePayload,
  modeView,
  toggleMode,
} from "../../kefu/static/dashboard/compose-mode.js";
import { STRINGS, errorText, languageOf, pickLocale } from "../../kefu/static/dashboard/i18n.js";

const RESPONSES = [
  { id: 1, shortcut: "refund", content: "Refunds take 3-5 days.", scope: "team", agent_id: null },
  { id: 2, shortcut: "greet", content: "Hi {{visitor.name}}!", scope: "personal", agent_id: 7 },
  { id: 3, shortcut: "greetlate", content: "Good evening", scope: "personal", agent_id: 7 },
  { id: 4, shortcut: "bye", content: "Have a great day, and greet the team", scope: "personal", agent_id: 7 },
  { id: 5, shortcut: "agreed", content: "Agreed.", scope: "personal", agent_id: 7 },
];

describe("slashQuery", () => {
  it("is the word after a leading slash, lower-cased", () => {
    assert.equal(slashQuery("/"), "");
    assert.equal(slashQuery("/Gre"), "gre");
  });
  it("is null when the text does not start with a slash or goes on past the word", () => {
    for (const text of ["", "gre", " /gre", "/gre ", "/gre\nmore", "a/gre", "//", "/a/b"]) {
      assert.equal(slashQuery(text), null, JSON.stringify(text));
    }
  });
});

describe("matchCanned", () => {
  it("puts shortcut prefixes first, then shortcuts containing it, then content", () => {
    assert.deepEqual(matchCanned(RESPONSES, "gre").map((r) => r.id), [2, 3, 5, 4]);
  });
  it("lists everything by shortcut for an empty query", () => {
    assert.deepEqual(matchCanned(RESPONSES, "").map((r) => r.shortcut), ["agreed", "bye", "greet", "greetlate", "refund"]);
  });
  it("is case-insensitive, limited, and empty when nothing matches", () => {
    assert.deepEqual(matchCanned(RESPONSES, "REF").map((r) => r.id), [1]);
    assert.equal(matchCanned(RESPONSES, "", 2).length, 2);
    assert.deepEqual(matchCanned(RESPONSES, "zzz"), []);
    assert.deepEqual(matchCanned(null, "a"), []);
  });
  it("shows the personal one before the team one of the same shortcut", () => {
    const both = [
      { id: 1, shortcut: "hi", content: "team", scope: "team" },
      { id: 2, shortcut: "hi", content: "mine", scope: "personal" },
    ];
    assert.deepEqual(matchCanned(both, "hi").map((r) => r.id), [2, 1]);
  });
});

describe("fillVariables", () => {
  const ctx = { visitor: { name: "Mei Lin", email: "mei@example.com" }, agent: { name: "Chen Wei" } };
  it("fills the visitor's name and email and the agent's name, with or without spaces", () => {
    assert.equal(
      fillVariables("Hi {{visitor.name}} ({{ visitor.email }}), {{agent.name}} here.", ctx),
      "Hi Mei Lin (mei@example.com), Chen Wei here."
    );
  });
  it("fills every occurrence and leaves unknown variables as written", () => {
    assert.equal(fillVariables("{{agent.name}}/{{agent.name}} {{order.id}}", ctx), "Chen Wei/Chen Wei {{order.id}}");
  });
  it("uses the fallback name, and empty text for what is unknown", () => {
    assert.equal(fillVariables("Hi {{visitor.name}}<{{visitor.email}}>", { fallbackName: "Visitor 3f2a" }), "Hi Visitor 3f2a<>");
    assert.equal(fillVariables("Hi {{visitor.name}}", {}), "Hi ");
  });
  it("never treats the values as patterns", () => {
    assert.equal(fillVariables("{{visitor.name}}", { visitor: { name: "$& $1 {{agent.name}}" } }), "$& $1 {{agent.name}}");
  });
});

describe("moveIndex and canEdit", () => {
  it("wraps around", () => {
    assert.equal(moveIndex(0, 1, 3), 1);
    assert.equal(moveIndex(2, 1, 3), 0);
    assert.equal(moveIndex(0, -1, 3), 2);
    assert.equal(moveIndex(-1, 1, 3), 0);
    assert.equal(moveIndex(0, 1, 0), -1);
  });
  it("lets the owner edit personal ones and only admins team ones", () => {
    const agent = { id: 7, role: "agent" };
    assert.equal(canEdit(RESPONSES[1], agent), true);
    assert.equal(canEdit(RESPONSES[0], agent), false);
    assert.equal(canEdit(RESPONSES[0], { id: 1, role: "admin" }), true);
    assert.equal(canEdit(RESPONSES[1], { id: 8, role: "supervisor" }), false);
    assert.equal(canEdit(RESPONSES[1], null), false);
  });
});

describe("note / reply mode", () => {
  it("toggles between reply and note", () => {
    assert.equal(toggleMode(REPLY), NOTE);
    assert.equal(toggleMode(NOTE), REPLY);
    assert.equal(toggleMode(undefined), NOTE);
  });
  it("shows the note placeholder and button in note mode, in both languages", () => {
    assert.deepEqual(modeView(NOTE, STRINGS.en), {
      note: true, placeholder: "Private note — only your team sees this", send: "Add note", toggle: "Note",
    });
    assert.equal(modeView(REPLY, STRINGS.en).placeholder, "Write a reply…");
    assert.equal(modeView(REPLY, STRINGS.en).send, "Send");
    assert.equal(modeView(NOTE, STRINGS.zh).placeholder, "内部备注 — 仅团队成员可见");
  });
  it("sends private only for notes, and files with their attachment id", () => {
    const base = { conversation_id: 4, client_id: "c1", content: "hi", state: "sending", attempt: 1 };
    assert.deepEqual(messagePayload(base), { conversation_id: 4, client_id: "c1", content: "hi", type: "text" });
    assert.deepEqual(messagePayload({ ...base, private: true }),
      { conversation_id: 4, client_id: "c1", content: "hi", type: "text", private: true });
    assert.deepEqual(messagePayload({ ...base, content: "", type: "file", attachment_id: 9, private: false }),
      { conversation_id: 4, client_id: "c1", content: "", type: "file", attachment_id: 9 });
  });
  it("recognises Ctrl/Cmd+Shift+N and Alt+N only", () => {
    assert.equal(isToggleKey({ key: "N", ctrlKey: true, shiftKey: true }), true);
    assert.equal(isToggleKey({ key: "n", metaKey: true, shiftKey: true }), true);
    assert.equal(isToggleKey({ key: "n", altKey: true }), true);
    assert.equal(isToggleKey({ key: "n", ctrlKey: true }), false);
    assert.equal(isToggleKey({ key: "n" }), false);
    assert.equal(isToggleKey({ key: "m", ctrlKey: true, shiftKey: true }), false);
  });
});

describe("dashboard strings", () => {
  it("has every English string in Chinese, of the same kind", () => {
    for (const [key, value] of Object.entries(STRINGS.en)) {
      assert.ok(key in STRINGS.zh, key);
      assert.equal(typeof STRINGS.zh[key], typeof value, key);
    }
    assert.deepEqual(Object.keys(STRINGS.zh).sort(), Object.keys(STRINGS.en).sort());
  });
  it("picks the language from ?lang=, else the saved choice, else the browser", () => {
    assert.equal(pickLocale("?lang=zh-CN", "en", "en-US"), "zh-CN");
    assert.equal(pickLocale("?a=1&lang=en", "zh-CN", "zh-CN"), "en");
    assert.equal(pickLocale("", "zh-CN", "en-US"), "zh-CN");
    assert.equal(pickLocale("", null, "zh-TW"), "zh-TW");
    assert.equal(pickLocale("", null, undefined), "en");
    assert.equal(languageOf("zh-CN"), "zh");
    assert.equal(languageOf("en-GB"), "en");
  });
  it("prefers the server's message, then our own text for the code", () => {
    assert.equal(errorText({ code: "file_too_large", message: "Files may be at most 10 MB." }, STRINGS.en),
      "Files may be at most 10 MB.");
    assert.equal(errorText({ code: "unsupported_type", message: "" }, STRINGS.zh), "不支持发送此类文件。");
    assert.equal(errorText({ code: "odd", message: "" }, STRINGS.en), "odd");
    assert.equal(errorText(null, STRINGS.en), "");
  });
});

it("suggestion lists take Escape, the arrows, Enter and Tab, and leave other keys", () => {
  const key = (k, extra = {}) => ({ key: k, shiftKey: false, isComposing: false, ...extra });
  assert.equal(suggestionKey(key("Escape"), true, 0), "close");
  assert.equal(suggestionKey(key("ArrowDown"), true, 3), "down");
  assert.equal(suggestionKey(key("ArrowUp"), true, 3), "up");
  assert.equal(suggestionKey(key("Enter"), true, 3), "choose");
  assert.equal(suggestionKey(key("Tab"), true, 3), "choose");
  assert.equal(suggestionKey(key("Enter", { shiftKey: true }), true, 3), null);
  assert.equal(suggestionKey(key("Enter", { isComposing: true }), true, 3), null);
  assert.equal(suggestionKey(key("ArrowDown"), true, 0), null); // nothing to move through
  assert.equal(suggestionKey(key("Escape"), false, 3), null); // the list is closed
  assert.equal(suggestionKey(key("a"), true, 3), null);
});
