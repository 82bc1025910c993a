/* The console's sections, in menu order: the key is the URL hash and the test hook name. */

import * as agents from "./agents.js";
import * as apiKeys from "./api-keys.js";
import * as audit from "./audit.js";
import * as canned from "./canned.js";
import * as hours from "./hours.js";
import * as identity from "./identity.js";
import * as origins from "./origins.js";
import * as routing from "./routing.js";
import * as skillGroups from "./skill-groups.js";
import * as webhooks from "./webhooks.js";
import * as widget from "./widget-settings.js";

export const SECTIONS = [
  { key: "agents", mount: agents.mount, refresh: agents.refresh },
  { key: "skill-groups", mount: skillGroups.mount, refresh: skillGroups.refresh },
  { key: "widget", mount: widget.mount },
  { key: "hours", mount: hours.mount },
  { key: "routing", mount: routing.mount },
  { key: "origins", mount: origins.mount },
  { key: "api-keys", mount: apiKeys.mount, refresh: apiKeys.refresh },
  { key: "identity", mount: identity.mount, refresh: identity.refresh },
  { key: "canned", mount: canned.mount, refresh: canned.refresh },
  { key: "webhooks", mount: webhooks.mount, refresh: webhooks.refresh },
  { key: "audit", mount: audit.mount, refresh: audit.refresh },
];

/** The section of a URL hash key (the first one for anything unknown). */
export function sectionFor(key) {
  return SECTIONS.find((section) => section.key === key) || SECTIONS[0];
}
