/*
 * A faithful static picture of the chat widget (launcher, header, welcome or away card,
 * pre-chat form, composer) drawn from the form's unsaved values. Nothing connects: a real
 * /widget in an iframe would create a visitor on every look.
 */

import { localized, stringsFor } from "../widget/i18n.js";
import { PAGE_LANG, T } from "./i18n.js";
import { h } from "./ui.js";
import { isColor } from "./validate.js";

const CHAT_ICON = "M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z";
const SEND_ICON = "M5 12h14M13 6l6 6-6 6";

function icon(d, className) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  if (className) svg.setAttribute("class", className);
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", d);
  svg.append(path);
  return svg;
}

/** The preview: `node` to place, `update(widget, state)` with state "online" | "away". */
export function widgetPreview() {
  const W = stringsFor(PAGE_LANG);
  const title = h("p", { class: "wp-title", text: W.title });
  const subtitle = h("p", { class: "wp-subtitle", testid: "admin-preview-subtitle" });
  const header = h("div", { class: "wp-header", testid: "admin-preview-header" }, [
    h("span", { class: "wp-avatar" }, icon(CHAT_ICON)),
    h("div", { class: "wp-heading" }, [title, subtitle]),
  ]);
  const welcomeTitle = h("p", { class: "wp-welcome-title", text: W.welcomeTitle });
  const welcomeText = h("p", { class: "wp-welcome-text", testid: "admin-preview-welcome" });
  const welcome = h("div", { class: "wp-welcome" }, [welcomeTitle, welcomeText]);
  const awayTitle = h("p", { class: "wp-card-title", text: W.offlineTitle });
  const awayText = h("p", { class: "wp-card-text", testid: "admin-preview-offline" });
  const away = h("div", { class: "wp-card" }, [awayTitle, awayText, h("span", { class: "wp-fake-input" }), h("span", { class: "wp-fake-input wp-fake-input--tall" }), h("span", { class: "wp-button", text: W.offlineSubmit })]);
  const prechatFields = h("div", { class: "wp-fields" });
  const prechat = h("div", { class: "wp-card", testid: "admin-preview-prechat" }, [h("p", { class: "wp-card-title", text: W.prechatTitle }), h("p", { class: "wp-card-text", text: W.prechatText }), prechatFields, h("span", { class: "wp-button", text: W.prechatSubmit })]);
  const body = h("div", { class: "wp-body" }, [welcome, prechat, away]);
  const composer = h("div", { class: "wp-composer" }, [h("span", { class: "wp-input", text: W.placeholder }), h("span", { class: "wp-send" }, icon(SEND_ICON))]);
  const panel = h("div", { class: "wp-panel" }, [header, body, composer]);
  const launcher = h("span", { class: "wp-launcher", testid: "admin-preview-launcher", role: "img", "aria-label": T.previewLauncher }, icon(CHAT_ICON));
  const node = h("div", { class: "wp", testid: "admin-widget-preview", "aria-hidden": "true" }, [
    h("div", { class: "wp-site" }, [h("span", { class: "wp-line wp-line--title" }), h("span", { class: "wp-line" }), h("span", { class: "wp-line wp-line--short" }), h("span", { class: "wp-block" })]),
    panel,
    launcher,
  ]);

  function update(widget, state) {
    if (isColor(widget.color)) node.style.setProperty("--wp-accent", widget.color);
    node.dataset.position = widget.position === "left" ? "left" : "right";
    node.dataset.state = state;
    const online = state !== "away";
    subtitle.textContent = online ? widget.reply_time || W.subtitleIdle : W.subtitleAway;
    welcomeText.textContent = widget.welcome_message || W.welcomeText;
    awayText.textContent = widget.offline_message || W.offlineText;
    const fields = (widget.prechat && widget.prechat.enabled && widget.prechat.fields) || [];
    welcome.hidden = !online;
    away.hidden = online;
    prechat.hidden = !online || !fields.length;
    prechatFields.replaceChildren(
      ...fields.map((f) =>
        h("div", { class: "wp-field" }, [
          h("span", { class: "wp-field-label", text: (localized(f.label, PAGE_LANG) || f.name) + (f.required ? " *" : "") }),
          h("span", { class: "wp-fake-input" + (f.type === "select" ? " wp-fake-input--select" : ""), text: f.type === "select" ? f.options[0] || "" : "" }),
        ]),
      ),
    );
  }

  return { node, update };
}
