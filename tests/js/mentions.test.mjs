import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { messagePayload } from "../../kefu/static/dashboard/compose-mode.js";
import {
  MAX_MENTIONS,
  insertMention,
  matchAgents,
  mentionQuery,
  mentionedIds,
  splitMentions,
} from "../../kefu/static/dashboard/mentions.js";

const TEAM = [
  { id: 1, name: "Me Myself", status: "online" },
  { id: 2, name: "Bea Lin", status: "away" },
  { id: 3, name: "Ann Lee", status: "offline" },
  { id: 4, name: "Bob", status: "online" },
  { id: 5, name: "李娜", status: "online" },
  { id: 6, name: "Annabel", status: "online" },
];

describe("mentionQuery", () => {
  it("asks at an @ that starts the text or follows a space", () => {
    assert.deepEqual(mentionQuery("@", 1), { start: 0, end: 1, query: "" });
    assert.deepEqual(mentionQuery("hi @be", 6), { start: 3, end: 6, query: "be" });
    assert.deepEqual(mentionQuery("ok\n@Ann L", 9), { start: 3, end: 9, query: "Ann L" });
  });

  it("asks about the text before the caret only", () => {
    assert.deepEqual(mentionQuery("@bea and more", 4), { start: 0, end: 4, query: "bea" });
    assert.equal(mentionQuery("@bea and more", 0), null);
  });

  it("asks nothing in an email, after a line break or a leading space, or past 32 characters", () => {
    assert.equal(mentionQuery("mail ann@shop.example", 21), null);
    assert.equal(mentionQuery("@bea\nthanks", 11), null);
    assert.equal(mentionQuery("@ bea", 5), null);
    assert.equal(mentionQuery("@" + "x".repeat(33), 34), null);
    assert.equal(mentionQuery("no at all", 9), null);
    assert.equal(mentionQuery("", 0), null);
  });
});

describe("matchAgents", () => {
  it("leaves me out and lists everyone else for an empty query, online first", () => {
    const ids = matchAgents(TEAM, "", 1).map((a) => a.id);
    assert.deepEqual(ids, [6, 4, 5, 2, 3]);
  });

  it("ranks names that start with the query, then a word that does, then any part", () => {
    assert.deepEqual(matchAgents(TEAM, "an", 1).map((a) => a.id), [6, 3]);
    assert.deepEqual(matchAgents(TEAM, "lee", 1).map((a) => a.id), [3]);
    assert.deepEqual(matchAgents(TEAM, "ea", 1).map((a) => a.id), [2]);
    assert.deepEqual(matchAgents(TEAM, "B", 1).map((a) => a.id), [4, 2, 6]);
  });

  it("matches Chinese names and ignores case; keeps to the limit", () => {
    assert.deepEqual(matchAgents(TEAM, "李", 1).map((a) => a.id), [5]);
    assert.deepEqual(matchAgents(TEAM, "BOB", 1).map((a) => a.id), [4]);
    assert.equal(matchAgents(TEAM, "", 1, 2).length, 2);
    assert.deepEqual(matchAgents(null, "a", 1), []);
  });
});

describe("insertMention", () => {
  it("replaces the @query with @Name and a space, caret after it", () => {
    const at = mentionQuery("please @be", 10);
    assert.deepEqual(insertMention("please @be", at, "Bea Lin"), { text: "please @Bea Lin ", caret: 16 });
  });

  it("keeps what follows the caret, without doubling its space", () => {
    const at = mentionQuery("@an could you", 3);
    assert.deepEqual(insertMention("@an could you", at, "Ann Lee"), { text: "@Ann Lee could you", caret: 9 });
  });
});

describe("mentionedIds", () => {
  const chosen = [{ id: 2, name: "Bea Lin" }, { id: 3, name: "Ann Lee" }, { id: 2, name: "Bea Lin" }];

  it("keeps the chosen colleagues still named in the text, once each", () => {
    assert.deepEqual(mentionedIds("@Bea Lin and @Ann Lee, look", chosen), [2, 3]);
    assert.deepEqual(mentionedIds("@Ann Lee only", chosen), [3]);
  });

  it("drops a name edited away or run into another word", () => {
    assert.deepEqual(mentionedIds("@Bea Lindqvist", chosen), []);
    assert.deepEqual(mentionedIds("mail@Bea Lin", chosen), []);
    assert.deepEqual(mentionedIds("", chosen), []);
  });

  it("stops at the server's limit", () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: i + 10, name: "A" + i }));
    const text = many.map((a) => "@" + a.name).join(" ");
    assert.equal(mentionedIds(text, many).length, MAX_MENTIONS);
  });
});

describe("splitMentions", () => {
  const named = [{ id: 6, name: "Ann" }, { id: 3, name: "Ann Lee" }, { id: 5, name: "李娜" }];

  it("cuts the mentions out, the longer name first; joined, the pieces are the text", () => {
    const text = "@Ann Lee and @Ann, ask @李娜 please";
    const pieces = splitMentions(text, named);
    assert.deepEqual(pieces, [
      { mention: "@Ann Lee", id: 3 },
      { text: " and " },
      { mention: "@Ann", id: 6 },
      { text: ", ask " },
      { mention: "@李娜", id: 5 },
      { text: " please" },
    ]);
    assert.equal(pieces.map((p) => p.text || p.mention).join(""), text);
  });

  it("leaves emails, other names and longer words alone", () => {
    assert.deepEqual(splitMentions("ann@Ann.example @Annabel @Bob", named), [
      { text: "ann@Ann.example @Annabel @Bob" },
    ]);
    assert.deepEqual(splitMentions("", named), []);
  });
});

describe("messagePayload with mentions", () => {
  const base = { conversation_id: 9, client_id: "c1", content: "@Bea Lin look" };

  it("sends a note's mentions", () => {
    assert.deepEqual(messagePayload({ ...base, private: true, mentions: [2] }).mentions, [2]);
  });

  it("sends none for a reply or a note without any", () => {
    assert.equal("mentions" in messagePayload({ ...base, private: false, mentions: [2] }), false);
    assert.equal("mentions" in messagePayload({ ...base, private: true, mentions: [] }), false);
    assert.equal("mentions" in messagePayload({ ...base, private: true }), false);
  });
});
