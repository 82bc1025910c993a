/*
 * The Kefu admin console: agents, skill groups, the widget, business hours, routing,
 * allowed origins, API keys, team canned responses, webhooks and the audit log. Plain ES
 * modules, no build step; this one checks who is signed in and wires the page, each
 * section lives in its own module. The server enforces the admin role; this page only
 * spares a non-admin a console full of refusals.
 */

import { $ } from "../widget/core/dom.js";
import { initials } from "../widget/core/format.js";
import { renderNav } from "../dashboard/nav.js";
import * as Session from "../dashboard/session.js";
import { LANGUAGE, PAGE_LANG, T } from "./i18n.js";
import { SECTIONS, sectionFor } from "./sections.js";
import { h } from "./ui.js";

const LOGIN = "/dashboard";
const mounted = new Map(); // key -> {node, module}

function toLogin() {
  window.location.replace(LOGIN);
}

function showRefusal(me) {
  $("admin-boot").hidden = true;
  $("admin-refusal").hidden = false;
  $("refusal-title").textContent = T.refusedTitle;
  $("refusal-text").textContent = T.refusedText(me.name, T.roles[me.role] || me.role);
  $("refusal-back").textContent = T.backToInbox;
}

function renderTopbar(me) {
  renderNav($("topnav"), me.role, "admin");
  $("me-name").textContent = me.name;
  $("me-meta").textContent = T.roles[me.role] || me.role;
  $("me-avatar").textContent = initials(me.name);
  const lang = $("lang-switch");
  lang.textContent = T.switchLanguage;
  lang.setAttribute("aria-label", T.switchLanguageLabel);
  lang.lang = LANGUAGE === "zh" ? "en" : "zh-CN";
  const target = LANGUAGE === "zh" ? "en" : "zh-CN";
  const setHref = () => {
    lang.href = "?lang=" + target + window.location.hash;
  };
  setHref();
  window.addEventListener("hashchange", setHref);
  const out = $("sign-out");
  out.textContent = T.signOut;
  out.addEventListener("click", () => {
    Session.end();
    toLogin();
  });
}

function renderMenu() {
  const menu = $("admin-menu");
  menu.setAttribute("aria-label", T.menuLabel);
  menu.replaceChildren(
    h("p", { class: "admin-menu-title", text: T.consoleTitle }),
    h(
      "ul",
      { class: "admin-menu-list" },
      SECTIONS.map((section) =>
        h("li", {}, [
          h("a", { class: "admin-menu-link", href: "#" + section.key, testid: "admin-nav-" + section.key, "data-key": section.key }, [
            h("span", { class: "menu-icon menu-icon--" + section.key, "aria-hidden": "true" }),
            h("span", { text: T.sections[section.key] }),
          ]),
        ]),
      ),
    ),
  );
}

function show(key) {
  const section = sectionFor(key);
  const main = $("admin-main");
  document.querySelectorAll(".admin-menu-link").forEach((link) => {
    if (link.dataset.key === section.key) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  });
  let entry = mounted.get(section.key);
  if (!entry) {
    const body = h("div", { class: "section-body" });
    const node = h("section", { class: "admin-section", testid: "admin-section-" + section.key, id: "section-" + section.key, "aria-labelledby": "title-" + section.key }, [
      h("header", { class: "section-head" }, [
        h("h1", { class: "section-title", id: "title-" + section.key, text: T.sections[section.key] }),
        h("p", { class: "section-intro", text: T.intros[section.key] }),
      ]),
      body,
    ]);
    main.append(node);
    entry = { node, section };
    mounted.set(section.key, entry);
    section.mount(body);
  } else if (section.refresh) {
    section.refresh();
  }
  mounted.forEach((other) => {
    other.node.hidden = other !== entry;
  });
  document.title = T.sections[section.key] + " · " + T.pageTitle;
  main.scrollTop = 0;
  const current = document.querySelector(".admin-menu-link[aria-current=page]");
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest", inline: "nearest" });
}

function currentKey() {
  return decodeURIComponent(window.location.hash.replace(/^#/, ""));
}

function showConsole(me) {
  $("admin-boot").hidden = true;
  $("admin-view").hidden = false;
  renderTopbar(me);
  renderMenu();
  window.addEventListener("hashchange", () => show(currentKey()));
  show(currentKey());
}

async function start() {
  document.documentElement.lang = PAGE_LANG;
  document.title = T.pageTitle;
  $("admin-boot-text").textContent = T.loading;
  Session.onExpired(toLogin);
  if (!Session.restore()) {
    toLogin();
    return;
  }
  let me = Session.current().agent;
  const res = await Session.api("GET", "/api/me");
  if (res.ok && res.data) {
    me = res.data;
    Session.rememberAgent(me);
  } else if (res.status === 401) {
    Session.end();
    toLogin();
    return;
  }
  if (!me) {
    toLogin();
    return;
  }
  if (me.role !== "admin") showRefusal(me);
  else showConsole(me);
}

start();
