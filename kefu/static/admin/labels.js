/*
 * Labels the team writes per language (widget skill groups, pre-chat fields): the settings
 * hold a string or {"en": "…", "zh-CN": "…"}; the console edits one input per language.
 * Pure: no DOM.
 */

/** The English and Chinese inputs for a stored label. A plain string fills English. */
export function labelInputs(label) {
  if (typeof label === "string") return { en: label, zh: "" };
  if (!label || typeof label !== "object") return { en: "", zh: "" };
  const zhKey = Object.keys(label).find((k) => /^zh/i.test(k));
  const enKey = Object.keys(label).find((k) => /^en/i.test(k));
  return { en: (enKey && label[enKey]) || "", zh: (zhKey && label[zhKey]) || "" };
}

/**
 * The label to store from the two inputs: both → {"en", "zh-CN"}; one → that text alone
 * (shown to every visitor); none → `fallback` (e.g. the group's name).
 */
export function labelFrom(inputs, fallback) {
  const en = String(inputs.en || "").trim();
  const zh = String(inputs.zh || "").trim();
  if (en && zh) return { en, "zh-CN": zh };
  return en || zh || fallback;
}
