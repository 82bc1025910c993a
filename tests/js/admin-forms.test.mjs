import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { agentErrors, createBody, passwordErrors, sortAgents, updateBody } from "../../kefu/static/admin/agent-model.js";
import { errorOf, fieldOf, inputFor, messageOf } from "../../kefu/static/admin/errors.js";
import { STRINGS } from "../../kefu/static/admin/i18n.js";
import { labelFrom, labelInputs } from "../../kefu/static/admin/labels.js";
import { intInRange, isColor, isDate, isEmail, isFieldName, isSkillName, normalizeOrigin } from "../../kefu/static/admin/validate.js";
import { formWidget, widgetErrors, widgetForm, widgetPatch } from "../../kefu/static/admin/widget-model.js";

const STORED = {
  color: "#2563eb",
  position: "right",
  welcome_message: "",
  offline_message: "",
  reply_time: null,
  prechat: { enabled: true, fields: [{ name: "email", label: { en: "Email", "zh-CN": "邮箱" }, type: "email", required: true, options: [] }] },
  skill_groups: [{ name: "sales", label: "Sales" }],
};

describe("widget form → PATCH", () => {
  it("sends nothing when nothing changed", () => {
    assert.equal(widgetPatch(STORED, widgetForm(STORED)), null);
  });

  it("sends only the keys that changed, with texts trimmed and an empty reply time as null", () => {
    const form = { ...widgetForm({ ...STORED, reply_time: "Soon" }), color: "#0F766E", welcome_message: "  Hi there!  ", reply_time: "  " };
    assert.deepEqual(widgetPatch({ ...STORED, reply_time: "Soon" }, form), {
      widget: { color: "#0F766E", welcome_message: "Hi there!", reply_time: null },
    });
  });

  it("treats a colour in another case as unchanged", () => {
    assert.equal(widgetPatch(STORED, { ...widgetForm(STORED), color: "#2563EB" }), null);
  });

  it("sends the whole pre-chat form when a field changes, labels per language and options for lists", () => {
    const form = widgetForm(STORED);
    form.fields.push({ name: "topic", type: "select", required: false, label_en: "Topic", label_zh: "", options: "Sales\n\n Billing \nSales" });
    assert.deepEqual(widgetPatch(STORED, form), {
      widget: {
        prechat: {
          enabled: true,
          fields: [
            { name: "email", label: { en: "Email", "zh-CN": "邮箱" }, type: "email", required: true, options: [] },
            { name: "topic", label: "Topic", type: "select", required: false, options: ["Sales", "Billing"] },
          ],
        },
      },
    });
  });

  it("never sends the skill groups (their own section does)", () => {
    assert.equal("skill_groups" in formWidget(widgetForm(STORED)), false);
  });

  it("finds the mistakes before the server does", () => {
    const form = widgetForm(STORED);
    form.color = "blue";
    form.fields.push({ name: "Email", type: "text", required: false, label_en: "", label_zh: "", options: "" });
    form.fields.push({ name: "email", type: "select", required: false, label_en: "x", label_zh: "", options: " \n" });
    assert.deepEqual(widgetErrors(form), {
      color: "invalidColor",
      "fields.1.name": "invalidFieldName",
      "fields.1.label_en": "required",
      "fields.2.name": "duplicateFieldName",
      "fields.2.options": "selectNeedsOptions",
    });
  });
});

describe("labels per language", () => {
  it("reads a string or a locale object into two inputs", () => {
    assert.deepEqual(labelInputs("Sales"), { en: "Sales", zh: "" });
    assert.deepEqual(labelInputs({ en: "Sales", "zh-CN": "售前" }), { en: "Sales", zh: "售前" });
    assert.deepEqual(labelInputs(undefined), { en: "", zh: "" });
  });

  it("writes both as an object, one as plain text, none as the fallback", () => {
    assert.deepEqual(labelFrom({ en: " Sales ", zh: "售前" }, "sales"), { en: "Sales", "zh-CN": "售前" });
    assert.equal(labelFrom({ en: "", zh: "售前" }, "sales"), "售前");
    assert.equal(labelFrom({ en: " ", zh: "" }, "sales"), "sales");
  });
});

describe("agent forms", () => {
  const form = { email: "carol@example.com", password: "pw", name: " Carol ", role: "agent", max_concurrent: "3", skills: ["vip", "billing"] };

  it("builds the create body", () => {
    assert.deepEqual(createBody(form), { email: "carol@example.com", password: "pw", name: "Carol", role: "agent", skills: ["billing", "vip"], max_concurrent: 3 });
  });

  it("checks the create form", () => {
    assert.deepEqual(agentErrors({ ...form, email: "carol", password: "", name: "", max_concurrent: "0" }, true), {
      email: "invalidEmail",
      password: "required",
      name: "required",
      max_concurrent: "invalidCapacity",
    });
    assert.deepEqual(agentErrors(form, true), {});
    assert.deepEqual(agentErrors({ ...form, email: "", password: "" }, false), {});
  });

  it("patches only what changed", () => {
    const agent = { id: 4, name: "Carol", role: "agent", max_concurrent: 3, skills: ["billing", "vip"] };
    assert.equal(updateBody(agent, form), null);
    assert.deepEqual(updateBody(agent, { ...form, role: "supervisor", max_concurrent: "4", skills: ["vip"] }), { role: "supervisor", max_concurrent: 4, skills: ["vip"] });
  });

  it("asks for the new password twice", () => {
    assert.deepEqual(passwordErrors("", ""), { password: "required" });
    assert.deepEqual(passwordErrors("a", "b"), { again: "passwordsDiffer" });
    assert.deepEqual(passwordErrors("a", "a"), {});
  });

  it("lists active agents first, by name", () => {
    const agents = [{ id: 1, name: "Zed" }, { id: 2, name: "Amy", active: false }, { id: 3, name: "Bob", active: true }];
    assert.deepEqual(sortAgents(agents).map((a) => a.id), [3, 1, 2]);
  });
});

describe("server errors", () => {
  it("finds the field of an error: its own, or the path its message starts with", () => {
    assert.equal(fieldOf({ code: "invalid_field", message: "x", field: "email" }), "email");
    assert.equal(fieldOf({ code: "invalid_field", message: "'widget.color': must look like #2563eb or #26e." }), "widget.color");
    assert.equal(fieldOf({ code: "missing_field", message: "'name' is required." }), "name");
    assert.equal(fieldOf({ code: "email_taken", message: "'x' is taken" }), null);
  });

  it("maps an error to an input by path, path prefix or code", () => {
    const map = { email: "email", skills: "skills", "@email_taken": "email" };
    assert.equal(inputFor({ code: "invalid_field", message: "'skills.1': String should match" }, map), "skills");
    assert.equal(inputFor({ code: "email_taken", message: "taken" }, map), "email");
    assert.equal(inputFor({ code: "forbidden", message: "no" }, map), null);
  });

  it("says what went wrong in the console's language, else in the server's words", () => {
    assert.equal(messageOf({ code: "email_taken", message: "server" }, STRINGS.zh), "已有客服使用此邮箱。");
    assert.equal(messageOf({ code: "invalid_field", message: "'name': too long." }, STRINGS.zh), "'name': too long.");
    assert.equal(messageOf({ code: "weird", message: "" }, STRINGS.en), STRINGS.en.serverErrors.unknown);
  });

  it("makes an error of a network failure or a body without one", () => {
    assert.deepEqual(errorOf({ ok: false, status: 0, data: { error: { code: "network", message: "Network error." } } }), { code: "network", message: "Network error." });
    assert.deepEqual(errorOf({ ok: false, status: 502, data: null }), { code: "http_502", message: "" });
  });
});

describe("formats", () => {
  it("checks what the server checks", () => {
    assert.ok(isEmail("a@b.co"));
    assert.ok(!isEmail("a@b"));
    assert.ok(isColor("#26e") && isColor("#2563EB"));
    assert.ok(!isColor("2563eb") && !isColor("#2563e"));
    assert.ok(isSkillName("after-sales.vip_2") && !isSkillName("after sales"));
    assert.ok(isFieldName("company_size") && !isFieldName("Company") && !isFieldName("1x"));
    assert.ok(isDate("2028-02-29") && !isDate("2027-02-29") && !isDate("2026-13-01"));
    assert.equal(intInRange("30", 1, 10080), 30);
    assert.equal(intInRange("0", 1, 10080), null);
    assert.equal(intInRange("2.5", 1, 10080), null);
  });

  it("normalizes origins as the server stores them", () => {
    assert.equal(normalizeOrigin(" HTTPS://Shop.Example.com/ "), "https://shop.example.com");
    assert.equal(normalizeOrigin("http://localhost:8080"), "http://localhost:8080");
    assert.equal(normalizeOrigin("https://shop.example.com/path"), null);
    assert.equal(normalizeOrigin("shop.example.com"), null);
    assert.equal(normalizeOrigin("https://user@shop.example.com"), null);
  });
});
