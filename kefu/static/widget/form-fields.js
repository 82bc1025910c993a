/*
 * The fields of the widget's forms (offline, pre-chat): a label, the input,
 * the reason it was refused; checked on submit, the first wrong one focused.
 * A field: {name, label, type: "text"|"email"|"select"|"textarea", required, options}.
 */

import { el } from "./core/dom.js";
import { fieldProblem } from "./forms.js";

const AUTOCOMPLETE = { name: "name", email: "email" };
const MAX_LENGTH = { name: 128, email: 255 };

function control(field, T) {
  if (field.type === "select") {
    const select = el("select", "kw-input");
    const none = el("option", null, T.formChoose);
    none.value = "";
    select.appendChild(none);
    field.options.forEach((option) => {
      const node = el("option", null, option.label);
      node.value = option.value;
      select.appendChild(node);
    });
    return select;
  }
  if (field.type === "textarea") {
    const area = el("textarea", "kw-input kw-input--area");
    area.rows = 4;
    return area;
  }
  const input = el("input", "kw-input");
  input.type = field.type === "email" ? "email" : "text";
  if (AUTOCOMPLETE[field.name]) input.autocomplete = AUTOCOMPLETE[field.name];
  input.maxLength = MAX_LENGTH[field.name] || 255;
  return input;
}

/** Fill `container` with `fields` (ids under `prefix`), keeping what was typed in same-named ones. */
export function buildFields(container, fields, T, prefix, initial) {
  const typed = {};
  container.querySelectorAll("[name]").forEach((node) => {
    typed[node.name] = node.value;
  });
  container.textContent = "";
  fields.forEach((field) => {
    const id = prefix + "-" + field.name;
    const row = el("div", "kw-field");
    const label = el("label", "kw-label", field.label);
    label.htmlFor = id;
    if (field.required) {
      const mark = el("span", "kw-required", " *");
      mark.title = T.formRequiredMark;
      mark.setAttribute("aria-hidden", "true");
      label.appendChild(mark);
    }
    const input = control(field, T);
    input.id = id;
    input.name = field.name;
    input.required = !!field.required;
    const error = el("p", "kw-field-error");
    error.id = id + "-error";
    input.setAttribute("aria-describedby", error.id);
    const value = typed[field.name] !== undefined ? typed[field.name] : (initial && initial[field.name]) || "";
    if (value) input.value = value;
    row.appendChild(label);
    row.appendChild(input);
    row.appendChild(error);
    container.appendChild(row);
  });
}

/** The form's values by name if every field passes; else null, each problem shown, the first focused. */
export function checkFields(container, fields, T) {
  const values = {};
  let first = null;
  fields.forEach((field) => {
    const input = container.querySelector('[name="' + field.name + '"]');
    const error = container.querySelector("#" + CSS.escape(input.id + "-error"));
    const problem = fieldProblem(field, input.value);
    input.setAttribute("aria-invalid", problem ? "true" : "false");
    error.textContent = problem === "required" ? T.formRequired : problem === "email" ? T.formEmailInvalid : "";
    if (problem && !first) first = input;
    values[field.name] = input.value.trim();
  });
  if (first) {
    first.focus();
    return null;
  }
  return values;
}
