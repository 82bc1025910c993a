/* The Allowed origins section: the websites that may embed the widget, as a list editor. */

import { errorOf } from "./errors.js";
import { T } from "./i18n.js";
import { loadSettings, patchSettings } from "./store.js";
import { busy, card, clearErrors, emptyState, field, formError, h, mountWithSettings, showLocalErrors, showServerError, toast } from "./ui.js";
import { normalizeOrigin } from "./validate.js";

let root = null;
let saved = [];
let list = [];
let els = null;

/** Build the section in `body` and load the settings. */
export function mount(body) {
  root = body;
  mountWithSettings(body, loadSettings, (settings) => {
    saved = settings.allowed_origins || [];
    list = [...saved];
    build();
    render();
  });
}

function build() {
  const input = h("input", { type: "url", inputmode: "url", autocomplete: "off", spellcheck: "false", placeholder: T.originPlaceholder, testid: "admin-origin-input" });
  const add = h("button", { type: "button", class: "btn", testid: "admin-origin-add", text: T.addOrigin });
  const adder = h("div", { class: "inline-form" }, [field(T.originInput, input, { name: "origin", hint: T.originsHint }), add]);
  const addOne = () => {
    clearErrors(adder);
    const origin = normalizeOrigin(input.value);
    if (!origin) {
      showLocalErrors(adder, { origin: input.value.trim() ? "invalidOrigin" : "required" });
      return;
    }
    if (list.includes(origin)) {
      showLocalErrors(adder, { origin: "duplicateOrigin" });
      return;
    }
    list.push(origin);
    input.value = "";
    input.focus();
    render();
  };
  add.addEventListener("click", addOne);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      addOne();
    }
  });
  const rows = h("ul", { class: "plain-list", id: "origin-list" });
  const save = h("button", { type: "submit", class: "btn btn--primary", testid: "admin-save", text: T.save, disabled: true });
  const dirty = h("span", { class: "save-state", testid: "admin-dirty", hidden: true, text: T.unsaved });
  const form = h("form", { class: "settings-form", novalidate: true }, [
    card(T.originsTitle, [adder, rows]),
    h("div", { class: "save-bar" }, [dirty, formError(), save]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const res = await busy(save, T.saving, () => patchSettings({ allowed_origins: list }));
    if (!res.ok) {
      showServerError(form, errorOf(res), { allowed_origins: "origin" });
      sync();
      return;
    }
    saved = res.data.allowed_origins || [];
    list = [...saved];
    toast(T.saved);
    render();
  });
  els = { form, rows, save, dirty };
  root.replaceChildren(form);
}

function render() {
  if (!list.length) els.rows.replaceChildren(h("li", {}, emptyState(T.originsEmpty)));
  else
    els.rows.replaceChildren(
      ...list.map((origin) =>
        h("li", { class: "plain-row", testid: "admin-origin", "data-origin": origin }, [
          h("span", { class: "globe", "aria-hidden": "true" }),
          h("span", { class: "mono grow", text: origin }),
          h("button", { type: "button", class: "btn btn--xs btn--danger", testid: "admin-origin-remove", "aria-label": T.removeOrigin(origin), text: T.remove, onclick: () => {
            list = list.filter((o) => o !== origin);
            render();
          } }),
        ]),
      ),
    );
  sync();
}

function sync() {
  const dirty = JSON.stringify(list) !== JSON.stringify(saved);
  els.save.disabled = !dirty;
  els.dirty.hidden = !dirty;
}
