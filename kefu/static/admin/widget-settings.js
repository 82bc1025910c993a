/*
 * The Widget section: colour, position, texts and the pre-chat form, with a live preview of
 * the unsaved values. Saving sends only what changed (widget-model.js).
 */

import { errorOf } from "./errors.js";
import { T } from "./i18n.js";
import { loadSettings, patchSettings } from "./store.js";
import { busy, card, checkbox, clearErrors, field, formError, h, mountWithSettings, showLocalErrors, showServerError, toast } from "./ui.js";
import { isColor } from "./validate.js";
import { formWidget, widgetErrors, widgetForm, widgetPatch } from "./widget-model.js";
import { widgetPreview } from "./widget-preview.js";

let root = null;
let stored = null; // the widget settings as saved
let els = null;
let previewState = "online";
const preview = { current: null };

/** Build the section in `body` and load the settings. */
export function mount(body) {
  root = body;
  mountWithSettings(body, loadSettings, (settings) => {
    stored = settings.widget;
    build();
    fill(widgetForm(stored));
  });
}

function build() {
  const color = h("input", { type: "color", testid: "admin-widget-color", "aria-label": T.color });
  const hex = h("input", { type: "text", maxlength: "7", spellcheck: "false", autocomplete: "off", testid: "admin-widget-color-hex", class: "mono" });
  color.addEventListener("input", () => {
    hex.value = color.value;
    changed();
  });
  hex.addEventListener("input", () => {
    if (isColor(hex.value) && hex.value.length === 7) color.value = hex.value.toLowerCase();
    changed();
  });
  const colorField = h("div", { class: "field", "data-field": "color" }, [
    h("label", { for: "widget-hex", text: T.color }),
    h("div", { class: "color-row" }, [color, hex]),
    h("p", { class: "field-error", testid: "admin-field-error", "data-field": "color", role: "alert" }),
  ]);
  hex.id = "widget-hex";
  hex.name = "color";
  const positions = ["right", "left"].map((value) =>
    h("label", {}, [h("input", { type: "radio", name: "position", value, testid: "admin-widget-position-" + value, onchange: changed }), h("span", { text: value === "right" ? T.positionRight : T.positionLeft })]),
  );
  const position = h("fieldset", { class: "segmented segmented--compact" }, [h("legend", { class: "field-legend", text: T.position }), ...positions]);
  const welcome = h("textarea", { rows: 3, maxlength: "1000", testid: "admin-widget-welcome", oninput: changed });
  const offline = h("textarea", { rows: 3, maxlength: "1000", testid: "admin-widget-offline", oninput: changed });
  const replyTime = h("input", { type: "text", maxlength: "200", testid: "admin-widget-reply-time", oninput: changed });
  const prechatToggle = checkbox(T.prechatEnabled, { testid: "admin-prechat-enabled", name: "prechat_enabled", onchange: changed });
  const fieldList = h("div", { class: "prechat-list", id: "prechat-list" });
  const addField = h("button", { type: "button", class: "btn btn--sm", testid: "admin-prechat-add", text: "+ " + T.addField, onclick: () => {
    const form = readForm();
    form.fields.push({ name: "", type: "text", required: false, label_en: "", label_zh: "", options: "" });
    renderFields(form.fields);
    changed();
    const names = fieldList.querySelectorAll("[data-testid=admin-prechat-name]");
    if (names.length) names[names.length - 1].focus();
  } });
  const save = h("button", { type: "submit", class: "btn btn--primary", testid: "admin-save", text: T.save, disabled: true });
  const discard = h("button", { type: "button", class: "btn", testid: "admin-discard", text: T.discard, disabled: true, onclick: () => {
    clearErrors(form);
    fill(widgetForm(stored));
  } });
  const dirty = h("span", { class: "save-state", testid: "admin-dirty", hidden: true, text: T.unsaved });
  const form = h("form", { class: "settings-form", novalidate: true }, [
    card(T.appearance, [h("div", { class: "appearance-row" }, [colorField, position])]),
    card(T.texts, [
      field(T.welcomeMessage, welcome, { name: "welcome_message", hint: T.welcomeHint }),
      field(T.offlineMessage, offline, { name: "offline_message", hint: T.offlineHint }),
      field(T.replyTime, replyTime, { name: "reply_time", hint: T.replyTimeHint }),
    ]),
    card(T.prechat, [prechatToggle.node, fieldList, h("div", { class: "card-foot" }, addField)]),
    h("div", { class: "save-bar save-bar--sticky" }, [dirty, formError(), discard, save]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });

  const view = widgetPreview();
  preview.current = view;
  const states = ["online", "away"].map((value) =>
    h("label", {}, [h("input", { type: "radio", name: "preview-state", value, checked: value === previewState, testid: "admin-preview-" + value, onchange: () => {
      previewState = value;
      updatePreview();
    } }), h("span", { text: value === "online" ? T.previewOnline : T.previewOffline })]),
  );
  const aside = h("aside", { class: "preview-pane", "aria-label": T.preview }, [
    h("div", { class: "preview-head" }, [
      h("div", {}, [h("h2", { class: "card-title", text: T.preview }), h("p", { class: "field-hint", text: T.previewHint })]),
      h("fieldset", { class: "segmented segmented--tiny" }, [h("legend", { class: "sr-only", text: T.previewLabel }), ...states]),
    ]),
    view.node,
  ]);
  els = { form, color, hex, welcome, offline, replyTime, prechatToggle: prechatToggle.input, fieldList, save, discard, dirty };
  root.replaceChildren(h("div", { class: "split" }, [form, aside]));
}

function fill(form) {
  els.color.value = isColor(form.color) && form.color.length === 7 ? form.color.toLowerCase() : "#2563eb";
  els.hex.value = form.color;
  els.form.querySelectorAll("input[name=position]").forEach((radio) => {
    radio.checked = radio.value === form.position;
  });
  els.welcome.value = form.welcome_message;
  els.offline.value = form.offline_message;
  els.replyTime.value = form.reply_time;
  els.prechatToggle.checked = form.prechat_enabled;
  renderFields(form.fields);
  changed();
}

function renderFields(rows) {
  const list = els.fieldList;
  if (!rows.length) {
    list.replaceChildren(h("p", { class: "muted small", testid: "admin-prechat-empty", text: T.prechatEmpty }));
    return;
  }
  list.replaceChildren(...rows.map((row, i) => fieldEditor(row, i, rows)));
}

function fieldEditor(row, i, rows) {
  const p = `fields.${i}.`;
  const name = h("input", { type: "text", value: row.name, maxlength: "32", spellcheck: "false", class: "mono", testid: "admin-prechat-name", oninput: changed });
  const type = h("select", { testid: "admin-prechat-type" }, ["text", "email", "select"].map((t) => h("option", { value: t, text: T.types[t] })));
  type.value = row.type;
  const required = checkbox(T.fieldRequired, { checked: row.required, testid: "admin-prechat-required", name: p + "required", onchange: changed });
  const labelEn = h("input", { type: "text", value: row.label_en, maxlength: "200", testid: "admin-prechat-label-en", oninput: changed });
  const labelZh = h("input", { type: "text", value: row.label_zh, maxlength: "200", lang: "zh-CN", testid: "admin-prechat-label-zh", oninput: changed });
  const options = h("textarea", { rows: 3, value: row.options, testid: "admin-prechat-options", oninput: changed });
  const optionsField = field(T.fieldOptions, options, { name: p + "options" });
  optionsField.hidden = row.type !== "select";
  type.addEventListener("change", () => {
    optionsField.hidden = type.value !== "select";
    changed();
  });
  const remove = h("button", { type: "button", class: "icon-btn icon-btn--danger", testid: "admin-prechat-remove", "aria-label": T.removeField, title: T.removeField, text: "×", onclick: () => {
    const form = readForm();
    form.fields.splice(i, 1);
    renderFields(form.fields);
    changed();
  } });
  return h("div", { class: "prechat-field", testid: "admin-prechat-field", "data-index": i }, [
    h("div", { class: "prechat-field-head" }, [h("span", { class: "prechat-field-title", text: T.fieldTitle(i + 1) }), required.node, remove]),
    h("div", { class: "field-row" }, [field(T.fieldName, name, { name: p + "name", hint: T.fieldNameHint }), field(T.fieldType, type, { name: p + "type" })]),
    h("div", { class: "field-row" }, [field(T.fieldLabelEn, labelEn, { name: p + "label_en" }), field(T.fieldLabelZh, labelZh, { name: p + "label_zh" })]),
    optionsField,
  ]);
}

/** What the form holds now, in the shape of widget-model.js's form. */
function readForm() {
  const position = els.form.querySelector("input[name=position]:checked");
  return {
    color: els.hex.value.trim(),
    position: position ? position.value : "right",
    welcome_message: els.welcome.value,
    offline_message: els.offline.value,
    reply_time: els.replyTime.value,
    prechat_enabled: els.prechatToggle.checked,
    fields: [...els.fieldList.querySelectorAll("[data-testid=admin-prechat-field]")].map((node) => ({
      name: node.querySelector("[data-testid=admin-prechat-name]").value,
      type: node.querySelector("[data-testid=admin-prechat-type]").value,
      required: node.querySelector("[data-testid=admin-prechat-required]").checked,
      label_en: node.querySelector("[data-testid=admin-prechat-label-en]").value,
      label_zh: node.querySelector("[data-testid=admin-prechat-label-zh]").value,
      options: node.querySelector("[data-testid=admin-prechat-options]").value,
    })),
  };
}

function updatePreview() {
  if (!preview.current) return;
  const form = readForm();
  preview.current.update(formWidget(form), previewState);
}

function changed() {
  const form = readForm();
  const dirty = widgetPatch(stored, form) !== null;
  els.save.disabled = !dirty;
  els.discard.disabled = !dirty;
  els.dirty.hidden = !dirty;
  els.dirty.parentElement.classList.toggle("is-dirty", dirty);
  updatePreview();
}

function errorMap(count) {
  const map = {
    "widget.color": "color",
    "widget.position": "position",
    "widget.welcome_message": "welcome_message",
    "widget.offline_message": "offline_message",
    "widget.reply_time": "reply_time",
  };
  for (let i = 0; i < count; i++) {
    const base = `widget.prechat.fields.${i}`;
    map[base] = `fields.${i}.options`;
    map[base + ".name"] = `fields.${i}.name`;
    map[base + ".label"] = `fields.${i}.label_en`;
    map[base + ".type"] = `fields.${i}.type`;
    map[base + ".options"] = `fields.${i}.options`;
  }
  return map;
}

async function submit() {
  const form = readForm();
  clearErrors(els.form);
  if (showLocalErrors(els.form, widgetErrors(form))) {
    els.form.querySelector(".form-error").textContent = T.fixErrors;
    return;
  }
  const patch = widgetPatch(stored, form);
  if (!patch) {
    toast(T.noChanges);
    return;
  }
  const res = await busy(els.save, T.saving, () => patchSettings(patch));
  if (!res.ok) {
    showServerError(els.form, errorOf(res), errorMap(form.fields.length));
    changed();
    return;
  }
  stored = res.data.widget;
  toast(T.saved);
  fill(widgetForm(stored));
}
