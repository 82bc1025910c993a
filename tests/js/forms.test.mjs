import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { fieldProblem, panelFor, prechatFields, splitAnswers } from "../../kefu/static/widget/forms.js";
import { STRINGS, errorText, localized } from "../../kefu/static/widget/i18n.js";

const T = STRINGS.en;
const online = { online: true, within_hours: true, prechat: { enabled: false, fields: [] }, skill_groups: [] };
const away = { ...online, online: false };
const prechat = {
  ...online,
  prechat: {
    enabled: true,
    fields: [
      { name: "name", label: { en: "Your name", "zh-CN": "您的称呼" }, type: "text", required: true, options: [] },
      { name: "email", label: "Email", type: "email", required: true, options: [] },
      { name: "order", label: { en: "Order number" }, type: "text", required: false, options: [] },
      { name: "plan", label: "Plan", type: "select", required: false, options: ["Free", "Pro"] },
    ],
  },
  skill_groups: [{ name: "sales", label: { en: "Buying", "zh-CN": "购买咨询" } }, { name: "billing", label: "Billing" }],
};
const base = { site: online, config: {}, conv: null, convKnown: true, prechatDone: false, offlineSent: false };

describe("panelFor", () => {
  it("shows nothing extra while someone is online and the form is off", () => {
    assert.equal(panelFor(base), null);
    assert.equal(panelFor({ ...base, site: null }), null, "config not loaded: no claims either way");
  });

  it("offers the offline form when nobody can answer, unless a conversation is going on", () => {
    assert.equal(panelFor({ ...base, site: away }), "offline");
    assert.equal(panelFor({ ...base, site: { ...online, within_hours: false, online: false } }), "offline");
    assert.equal(panelFor({ ...base, site: away, conv: { status: "closed" } }), "offline");
    assert.equal(panelFor({ ...base, site: away, conv: { status: "open" } }), null);
  });

  it("offers the offline form in line when nobody could answer, and thanks after it", () => {
    const waiting = { status: "queued", queue_position: 1 };
    assert.equal(panelFor({ ...base, site: away, conv: waiting }), "offline");
    assert.equal(panelFor({ ...base, site: online, conv: { ...waiting, agents_available: false } }), "offline",
      "the server's word for this conversation (its skill group)");
    assert.equal(panelFor({ ...base, site: online, conv: { ...waiting, agents_available: true } }), null);
    assert.equal(panelFor({ ...base, site: online, conv: waiting }), null, "someone can answer: wait in line");
    assert.equal(panelFor({ ...base, site: away, conv: waiting, offlineSent: true }), "thanks");
  });

  it("follows the visitor's skill group when the server answered for it", () => {
    assert.equal(panelFor({ ...base, site: { ...online, group_online: false } }), "offline");
    assert.equal(panelFor({ ...base, site: { ...away, group_online: true } }), null);
  });

  it("thanks the visitor after the offline form, until an agent takes the conversation", () => {
    const sent = { ...base, site: away, offlineSent: true };
    assert.equal(panelFor(sent), "thanks");
    assert.equal(panelFor({ ...sent, conv: { status: "pending" } }), "thanks");
    assert.equal(panelFor({ ...sent, conv: { status: "open" } }), null);
  });

  it("asks the pre-chat questions before a first conversation only", () => {
    const s = { ...base, site: prechat };
    assert.equal(panelFor(s), "prechat");
    assert.equal(panelFor({ ...s, prechatDone: true }), null);
    assert.equal(panelFor({ ...s, config: { user_id: "42" } }), null, "the site identified the user");
    assert.equal(panelFor({ ...s, conv: { status: "closed" } }), null, "a returning visitor");
    assert.equal(panelFor({ ...s, convKnown: false }), null, "not before the server said there is none");
    assert.equal(panelFor({ ...s, site: { ...prechat, online: false } }), "offline", "nobody there: the offline form");
    assert.equal(panelFor({ ...s, site: { ...prechat, prechat: { enabled: false, fields: [] } } }), null);
  });
});

describe("prechatFields", () => {
  it("labels the team's fields in the visitor's language and adds a topic choice", () => {
    const fields = prechatFields(prechat, {}, STRINGS.zh, "zh-CN");
    assert.deepEqual(fields.map((f) => [f.name, f.label, f.type, f.required]), [
      ["name", "您的称呼", "text", true],
      ["email", "Email", "email", true],
      ["order", "Order number", "text", false],
      ["plan", "Plan", "select", false],
      ["skill_group", STRINGS.zh.prechatTopic, "select", true],
    ]);
    assert.deepEqual(fields[3].options, [{ value: "Free", label: "Free" }, { value: "Pro", label: "Pro" }]);
    assert.deepEqual(fields[4].options, [{ value: "sales", label: "购买咨询" }, { value: "billing", label: "Billing" }]);
  });

  it("asks no topic when the page chose the skill group, and nothing when the form is off", () => {
    assert.equal(prechatFields(prechat, { skill_group: "sales" }, T, "en").some((f) => f.name === "skill_group"), false);
    assert.deepEqual(prechatFields(online, {}, T, "en"), []);
    assert.deepEqual(prechatFields(null, {}, T, "en"), []);
  });
});

describe("fieldProblem", () => {
  it("wants required fields filled and emails that look like one", () => {
    const email = { type: "email", required: true };
    assert.equal(fieldProblem(email, ""), "required");
    assert.equal(fieldProblem(email, "   "), "required");
    assert.equal(fieldProblem(email, "jane@"), "email");
    assert.equal(fieldProblem(email, "jane@shop.example"), null);
    assert.equal(fieldProblem({ type: "email", required: false }, ""), null);
    assert.equal(fieldProblem({ type: "text", required: true }, "Jane"), null);
  });
});

describe("splitAnswers", () => {
  it("sends name, email and skill group through auth, the rest as attributes", () => {
    assert.deepEqual(splitAnswers({ name: " Jane ", email: "jane@shop.example", skill_group: "sales", order: "A-1", plan: "" }), {
      profile: { name: "Jane", email: "jane@shop.example", skill_group: "sales" },
      attributes: { order: "A-1" },
    });
  });
});

describe("localized", () => {
  it("reads a label in the visitor's locale, its language, English, or any", () => {
    const label = { en: "Name", "zh-CN": "姓名" };
    assert.equal(localized(label, "zh-CN"), "姓名");
    assert.equal(localized(label, "zh-TW"), "姓名");
    assert.equal(localized(label, "de-DE"), "Name");
    assert.equal(localized({ fr: "Nom" }, "de"), "Nom");
    assert.equal(localized("Plain", "zh-CN"), "Plain");
    assert.equal(localized(null, "en"), "");
  });
});

describe("errorText", () => {
  it("gives the server's reason in English, a translation where the language has one", () => {
    const error = { code: "unsupported_type", message: "That kind of file cannot be sent." };
    assert.equal(errorText(error, STRINGS.en), "That kind of file cannot be sent.");
    assert.equal(errorText(error, STRINGS.zh), "不支持发送此类文件。");
    assert.equal(errorText({ code: "odd", message: "Odd." }, STRINGS.zh), "Odd.");
    assert.equal(errorText(null, STRINGS.en), "");
  });
});
