import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ConversationLog, lastSaid, unreadCount } from "../../kefu/static/widget/core/log.js";

function msg(seq, type = "visitor", extra = {}) {
  return { seq, conversation_id: 1, sender: { type, id: type + "-1" }, content: "m" + seq, ...extra };
}

describe("ConversationLog", () => {
  it("tracks the highest contiguous seq as messages arrive in order", () => {
    const log = new ConversationLog(1);
    [1, 2, 3].forEach((seq) => assert.equal(log.add(msg(seq)), true));
    assert.equal(log.contiguous, 3);
    assert.equal(log.maxSeq, 3);
    assert.equal(log.hasGap(), false);
  });

  it("detects a gap when a later seq comes first, and closes it when the missing one arrives", () => {
    const log = new ConversationLog(1);
    log.add(msg(1));
    log.add(msg(4));
    assert.equal(log.contiguous, 1);
    assert.equal(log.maxSeq, 4);
    assert.equal(log.hasGap(), true);
    log.add(msg(3));
    assert.equal(log.hasGap(), true, "seq 2 is still missing");
    log.add(msg(2));
    assert.equal(log.contiguous, 4);
    assert.equal(log.hasGap(), false);
  });

  it("sees a gap from the very start when seq 1 is missing", () => {
    const log = new ConversationLog(1);
    log.add(msg(2));
    assert.equal(log.contiguous, 0);
    assert.equal(log.hasGap(), true);
  });

  it("refuses a duplicate seq and keeps the first copy", () => {
    const log = new ConversationLog(1);
    assert.equal(log.add(msg(1, "visitor", { content: "first" })), true);
    assert.equal(log.add(msg(1, "visitor", { content: "again" })), false);
    assert.equal(log.bySeq.size, 1);
    assert.equal(log.bySeq.get(1).content, "first");
  });

  it("last() is the message with the highest seq, whatever the arrival order", () => {
    const log = new ConversationLog(1);
    assert.equal(log.last(), null);
    log.add(msg(5));
    log.add(msg(2));
    assert.equal(log.last().seq, 5);
  });
});

describe("unreadCount", () => {
  const fromAgent = (m) => m.sender.type !== "visitor";

  it("counts only incoming messages after the seen seq", () => {
    const log = new ConversationLog(1);
    log.add(msg(1, "visitor"));
    log.add(msg(2, "agent"));
    log.add(msg(3, "system"));
    log.add(msg(4, "visitor"));
    log.add(msg(5, "agent"));
    assert.equal(unreadCount(log, 0, fromAgent), 3);
    assert.equal(unreadCount(log, 2, fromAgent), 2);
    assert.equal(unreadCount(log, 5, fromAgent), 0);
    assert.equal(unreadCount(log, 0, (m) => m.sender.type === "visitor"), 2);
  });

  it("is zero for an empty log", () => {
    assert.equal(unreadCount(new ConversationLog(1), 0, () => true), 0);
  });
});

describe("lastSaid", () => {
  it("skips system notices and returns the newest message a person wrote", () => {
    const log = new ConversationLog(1);
    log.add(msg(1, "visitor"));
    log.add(msg(2, "agent"));
    log.add(msg(3, "system"));
    assert.equal(lastSaid(log).seq, 2);
  });

  it("skips holes in the seq order", () => {
    const log = new ConversationLog(1);
    log.add(msg(1, "visitor"));
    log.add(msg(4, "system"));
    assert.equal(lastSaid(log).seq, 1);
  });

  it("is null when only the system spoke", () => {
    const log = new ConversationLog(1);
    log.add(msg(1, "system"));
    assert.equal(lastSaid(log), null);
  });
});

describe("ConversationLog.coveredUpTo (private notes a visitor never receives)", () => {
  it("a jump over a note is a gap until a sync answer covers it, then not", () => {
    const log = new ConversationLog(1);
    log.add(msg(1));
    log.add(msg(2, "agent"));
    // seq 3 is a private note: the next message the visitor gets is 4.
    log.add(msg(4, "agent"));
    assert.equal(log.hasGap(), true, "before a sync, a jump may be a lost message");
    log.coveredUpTo(4); // the sync answer: conversation.last_seq 4, messages [] after 2
    assert.equal(log.hasGap(), false);
    assert.equal(log.contiguous, 4, "the next sync asks after 4, not after 2 again");
    log.add(msg(5));
    assert.equal(log.contiguous, 5);
  });

  it("covers notes at the end of the conversation (last_seq past the newest visible message)", () => {
    const log = new ConversationLog(1);
    log.add(msg(1));
    log.coveredUpTo(3);
    assert.equal(log.contiguous, 3);
    assert.equal(log.maxSeq, 1);
    assert.equal(log.hasGap(), false);
    log.add(msg(4));
    assert.equal(log.hasGap(), false, "4 follows the covered 3");
    log.add(msg(6));
    assert.equal(log.hasGap(), true, "5 is not covered yet: it may be a lost message");
  });

  it("runs on over messages already held past the covered seq", () => {
    const log = new ConversationLog(1);
    log.add(msg(1));
    log.add(msg(3));
    log.add(msg(4));
    log.coveredUpTo(2);
    assert.equal(log.contiguous, 4);
    assert.equal(log.hasGap(), false);
  });

  it("never moves back, and ignores nonsense", () => {
    const log = new ConversationLog(1);
    [1, 2, 3].forEach((seq) => log.add(msg(seq)));
    log.coveredUpTo(2);
    log.coveredUpTo(undefined);
    log.coveredUpTo(null);
    log.coveredUpTo(Number.NaN);
    assert.equal(log.contiguous, 3);
  });

  it("a sync answer that gave nothing new still settles the gap: no re-sync loop", () => {
    // What conversation.js does with each answer: add its messages, then cover last_seq;
    // it syncs again only while hasGap() or contiguous < last_seq.
    const log = new ConversationLog(7);
    log.add(msg(1));
    log.add(msg(3, "agent"));
    const answer = { conversation: { id: 7, last_seq: 3 }, messages: [] };
    let rounds = 0;
    while (log.hasGap() || log.contiguous < answer.conversation.last_seq) {
      rounds += 1;
      assert.ok(rounds < 3, "sync loops");
      answer.messages.forEach((m) => log.add(m));
      log.coveredUpTo(answer.conversation.last_seq);
    }
    assert.equal(rounds, 1);
  });
});
