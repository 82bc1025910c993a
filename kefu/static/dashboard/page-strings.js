/*
 * The page's own words in the agent's language: every [data-i18n] element's text, and
 * [data-i18n-label] / [data-i18n-title] attributes (the template holds the English).
 */

import { LOCALE, T } from "./i18n.js";

/** Fill the template's strings; the <html lang> follows the language. */
export function applyPageStrings(root = document) {
  document.documentElement.lang = /^zh/i.test(LOCALE) ? "zh-CN" : "en";
  document.title = "Kefu · " + T.pageTitle;
  root.querySelectorAll("[data-i18n]").forEach((node) => {
    const text = T[node.dataset.i18n];
    if (typeof text === "string") node.textContent = text;
  });
  root.querySelectorAll("[data-i18n-label]").forEach((node) => {
    const text = T[node.dataset.i18nLabel];
    if (typeof text === "string") node.setAttribute("aria-label", text);
  });
  root.querySelectorAll("[data-i18n-title]").forEach((node) => {
    const text = T[node.dataset.i18nTitle];
    if (typeof text === "string") node.title = text;
  });
}
