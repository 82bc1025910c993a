/*
 * Small building blocks of the console's views: elements, form fields with their error
 * line, confirm dialogs, busy buttons, empty states. Text reaches the DOM only as text.
 */

import { toast } from "../dashboard/views.js";
import { errorOf, inputFor, messageOf } from "./errors.js";
import { T } from "./i18n.js";

export { toast };

let uid = 0;

/**
 * An element: `props` sets class, text, testid, on<event> handlers, properties (value,
 * checked, disabled, hidden, type…) and attributes; children are nodes or strings.
 */
export function h(tag, props, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "testid") node.dataset.testid = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (["value", "checked", "disabled", "hidden", "type", "selected", "required", "min", "max", "step", "rows"].includes(key)) node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  if (children === undefined || children === null || children === false) return;
  if (Array.isArray(children)) children.forEach((child) => append(node, child));
  else node.append(typeof children === "string" ? document.createTextNode(children) : children);
}

/** A labelled form field: `input` gets an id and `name`; an error line follows it. */
export function field(label, input, options = {}) {
  const id = "f" + ++uid;
  input.id = id;
  if (options.name) input.name = options.name;
  const error = h("p", { class: "field-error", testid: "admin-field-error", "data-field": options.name || "", id: id + "-error", role: "alert" });
  input.setAttribute("aria-describedby", (options.hint ? id + "-hint " : "") + id + "-error");
  return h("div", { class: "field" + (options.className ? " " + options.className : ""), "data-field": options.name || "" }, [
    h("label", { for: id, text: label }),
    input,
    options.hint ? h("span", { class: "field-hint", id: id + "-hint", text: options.hint }) : null,
    error,
  ]);
}

/** A checkbox with its label on the right. */
export function checkbox(label, props) {
  const input = h("input", { type: "checkbox", ...props });
  return { input, node: h("label", { class: "check" }, [input, h("span", { text: label })]) };
}

/** The form-level error line (where an error no field owns is shown). */
export function formError() {
  return h("p", { class: "form-error", testid: "admin-form-error", role: "alert" });
}

/** Clear every error shown in `root`. */
export function clearErrors(root) {
  root.querySelectorAll(".field-error, .form-error").forEach((node) => {
    node.textContent = "";
  });
  root.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
}

/** Show `text` under the field named `name` in `root`; false when there is no such field. */
export function setFieldError(root, name, text) {
  const line = root.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`);
  if (!line) return false;
  line.textContent = text;
  const input = root.querySelector(`[name="${CSS.escape(name)}"]`);
  if (input) input.setAttribute("aria-invalid", "true");
  return true;
}

/** Show local check results ({name: error key}); focus the first. True when there were any. */
export function showLocalErrors(root, errors) {
  const names = Object.keys(errors);
  names.forEach((name) => {
    if (!setFieldError(root, name, T[errors[name]] || errors[name])) showFormError(root, T[errors[name]]);
  });
  if (names.length) {
    const first = root.querySelector("[aria-invalid=true]");
    if (first) first.focus();
  }
  return names.length > 0;
}

/** Show a server error next to the field it names (through `map`), else at the form. */
export function showServerError(root, error, map) {
  const name = inputFor(error, map || {});
  const text = messageOf(error, T);
  if (name && setFieldError(root, name, text)) {
    const input = root.querySelector(`[name="${CSS.escape(name)}"]`);
    if (input) input.focus();
    return;
  }
  showFormError(root, text);
}

export function showFormError(root, text) {
  const line = root.querySelector(".form-error");
  if (line) line.textContent = text;
  else toast(text, true);
}

/** Disable `button` and show `busyText` while `work` runs; resolves what `work` resolves. */
export async function busy(button, busyText, work) {
  const before = button.textContent;
  button.disabled = true;
  if (busyText) button.textContent = busyText;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = before;
  }
}

/** A centred message for an empty list. */
/** What a section shows when its data could not be read: the reason and a retry button. */
export function loadFailure(res, retry) {
  return h("div", { class: "empty empty--error" }, [
    h("p", { text: T.loadFailed + " " + messageOf(errorOf(res), T) }),
    h("button", { type: "button", class: "btn", text: T.retry, onclick: retry }),
  ]);
}

/** Show "loading" in `body`, read the settings, then `ready(settings)`; a failure shows
 * the reason with a retry. The settings sections (widget, hours, routing, origins). */
export function mountWithSettings(body, loadSettings, ready) {
  body.append(h("p", { class: "loading", text: T.loading }));
  const load = async () => {
    const res = await loadSettings(true);
    if (!res.ok) {
      body.replaceChildren(loadFailure(res, load));
      return;
    }
    ready(res.data);
  };
  load();
}

export function emptyState(text, testid) {
  return h("div", { class: "empty", testid: testid || "admin-empty" }, [
    h("span", { class: "empty-art", "aria-hidden": "true" }),
    h("p", { text }),
  ]);
}

/** A section's card: a title row (with optional actions) and a body. */
export function card(title, body, actions) {
  return h("section", { class: "card" }, [
    title || actions ? h("header", { class: "card-head" }, [title ? h("h2", { class: "card-title", text: title }) : null, actions || null]) : null,
    h("div", { class: "card-body" }, body),
  ]);
}

/**
 * A modal dialog holding `content` (nodes); resolves when it closes. `build(close)` gets
 * the function that closes it with a result.
 */
export function modal(title, build, options = {}) {
  return new Promise((resolve) => {
    let result = null;
    const dialog = h("dialog", { class: "dialog admin-dialog" + (options.wide ? " dialog--wide" : ""), testid: options.testid || "admin-dialog", "aria-labelledby": "dlg" + ++uid });
    const close = (value) => {
      result = value;
      dialog.close();
    };
    dialog.append(h("h2", { class: "dialog-title", id: "dlg" + uid, text: title }), ...[].concat(build(close)));
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    const first = dialog.querySelector("input:not([type=hidden]), select, textarea, .btn--primary, .btn--danger");
    if (first) first.focus();
  });
}

/** Ask before doing something that matters; resolves true when confirmed. */
export function confirmDialog(title, text, confirmLabel, danger) {
  return modal(
    title,
    (close) => [
      h("p", { class: "dialog-text", text }),
      h("div", { class: "dialog-actions" }, [
        h("button", { type: "button", class: "btn", text: T.cancel, testid: "admin-confirm-cancel", onclick: () => close(false) }),
        h("button", { type: "button", class: "btn " + (danger ? "btn--danger-solid" : "btn--primary"), text: confirmLabel, testid: "admin-confirm-ok", onclick: () => close(true) }),
      ]),
    ],
    { testid: "admin-confirm" },
  ).then(Boolean);
}

/** A date-time in the console's language. */
export function when(iso, locale) {
  if (!iso) return T.none;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  } catch (err) {
    return iso;
  }
}

/**
 * A secret shown this once (no later answer of the server holds it): the title, the
 * warning, the secret with a copy button, an optional note, and Done, which removes the
 * panel. Test ids are `<testid>-reveal`, `-secret`, `-copy`, `-done` and, for the note,
 * `note.testid`. Returns the panel, focused on Done once placed in `slot`.
 */
export function revealSecret(slot, { secret, testid, title, warning, copyFailed, note }) {
  const code = h("code", { class: "secret", testid: `${testid}-secret`, text: secret });
  const copy = h("button", { type: "button", class: "btn btn--sm", testid: `${testid}-copy`, text: T.copy });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(secret);
      copy.textContent = T.copied;
    } catch (err) {
      // No clipboard (an insecure origin, a refused permission): select it for a manual copy.
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      toast(copyFailed);
    }
  });
  const done = h("button", { type: "button", class: "btn btn--sm btn--primary", testid: `${testid}-done`, text: T.done, onclick: () => box.remove() });
  const box = h("div", { class: "reveal", testid: `${testid}-reveal`, role: "status" }, [
    h("p", { class: "reveal-title", text: title }),
    h("p", { class: "reveal-warning", text: warning }),
    h("div", { class: "secret-row" }, [code, copy]),
    note ? h("p", { class: "reveal-note", testid: note.testid, text: note.text }) : null,
    h("div", { class: "reveal-actions" }, done),
  ]);
  slot.replaceChildren(box);
  box.scrollIntoView({ block: "nearest" });
  done.focus();
  return box;
}
