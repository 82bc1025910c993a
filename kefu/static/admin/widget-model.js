/*
 * The widget settings form: from the stored settings to what the inputs hold, checks, and
 * the PATCH body that changes only what the admin changed. Pure: no DOM.
 */

import { labelFrom, labelInputs } from "./labels.js";
import { isColor, isFieldName } from "./validate.js";

export const DEFAULT_COLOR = "#2563eb";

/** What the form shows for the stored `widget` settings. */
export function widgetForm(widget) {
  const w = widget || {};
  const prechat = w.prechat || {};
  return {
    color: w.color || DEFAULT_COLOR,
    position: w.position === "left" ? "left" : "right",
    welcome_message: w.welcome_message || "",
    offline_message: w.offline_message || "",
    reply_time: w.reply_time || "",
    prechat_enabled: !!prechat.enabled,
    fields: (prechat.fields || []).map(fieldRow),
  };
}

/** One pre-chat field as an editor row. */
export function fieldRow(field) {
  const label = labelInputs(field.label);
  return {
    name: field.name || "",
    type: field.type || "text",
    required: !!field.required,
    label_en: label.en,
    label_zh: label.zh,
    options: (field.options || []).join("\n"),
  };
}

/** An editor row as the settings store a pre-chat field. */
export function rowField(row) {
  const type = ["text", "email", "select"].includes(row.type) ? row.type : "text";
  const name = String(row.name || "").trim();
  return {
    name,
    label: labelFrom({ en: row.label_en, zh: row.label_zh }, name),
    type,
    required: !!row.required,
    options: type === "select" ? optionList(row.options) : [],
  };
}

/** The options of a select field, one per line, blanks and repeats dropped. */
export function optionList(text) {
  const seen = new Set();
  return String(text || "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !seen.has(line) && seen.add(line));
}

/** The stored widget settings the form stands for (what a save would leave). */
export function formWidget(form) {
  return {
    color: form.color,
    position: form.position,
    welcome_message: form.welcome_message.trim(),
    offline_message: form.offline_message.trim(),
    reply_time: form.reply_time.trim() || null,
    prechat: { enabled: !!form.prechat_enabled, fields: form.fields.map(rowField) },
  };
}

/**
 * Problems to show before saving, as {input key: error key}: "color", "fields.0.name",
 * "fields.0.options" … The error keys are strings of the console's i18n table.
 */
export function widgetErrors(form) {
  const errors = {};
  if (!isColor(form.color)) errors.color = "invalidColor";
  if (form.welcome_message.length > 1000) errors.welcome_message = "tooLong";
  if (form.offline_message.length > 1000) errors.offline_message = "tooLong";
  if (form.reply_time.trim().length > 200) errors.reply_time = "tooLong";
  const names = new Set();
  form.fields.forEach((row, i) => {
    const name = String(row.name || "").trim();
    if (!name) errors[`fields.${i}.name`] = "required";
    else if (!isFieldName(name)) errors[`fields.${i}.name`] = "invalidFieldName";
    else if (names.has(name)) errors[`fields.${i}.name`] = "duplicateFieldName";
    names.add(name);
    if (!row.label_en.trim() && !row.label_zh.trim()) errors[`fields.${i}.label_en`] = "required";
    if (row.type === "select" && optionList(row.options).length === 0) {
      errors[`fields.${i}.options`] = "selectNeedsOptions";
    }
  });
  return errors;
}

/**
 * The PATCH /api/settings body that turns `stored` (the widget settings) into what the form
 * holds: only the keys that differ, or null when nothing does. The pre-chat form is sent
 * whole when any of it changed (its field list is replaced whole anyway).
 */
export function widgetPatch(stored, form) {
  const now = formWidget(form);
  const before = {
    color: (stored && stored.color) || DEFAULT_COLOR,
    position: (stored && stored.position) || "right",
    welcome_message: (stored && stored.welcome_message) || "",
    offline_message: (stored && stored.offline_message) || "",
    reply_time: (stored && stored.reply_time) || null,
    prechat: {
      enabled: !!(stored && stored.prechat && stored.prechat.enabled),
      fields: ((stored && stored.prechat && stored.prechat.fields) || []).map((f) => rowField(fieldRow(f))),
    },
  };
  const patch = {};
  for (const key of Object.keys(now)) {
    if (key === "color" ? now.color.toLowerCase() !== before.color.toLowerCase() : !same(now[key], before[key])) {
      patch[key] = now[key];
    }
  }
  return Object.keys(patch).length ? { widget: patch } : null;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
