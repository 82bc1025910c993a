/*
 * The links between Kefu's staff pages (inbox, reports, admin console), shown
 * by role: reports for supervisors and admins, the console for admins. The
 * server enforces the roles; hiding a link only spares a refused page.
 */

import { T } from "./i18n.js";

const PAGES = [
  { key: "inbox", href: "/dashboard", label: "navInbox", roles: ["agent", "supervisor", "admin"] },
  { key: "reports", href: "/reports", label: "navReports", roles: ["supervisor", "admin"] },
  { key: "admin", href: "/admin", label: "navAdmin", roles: ["admin"] },
];

/** The pages a role may open, in the order the bar shows them. */
export function pagesFor(role) {
  return PAGES.filter((page) => page.roles.includes(role));
}

/** Fill `nav` (an element) with the links for `role`; `current` is this page's key. */
export function renderNav(nav, role, current) {
  nav.setAttribute("aria-label", T.navLabel);
  nav.replaceChildren(
    ...pagesFor(role).map((page) => {
      const link = document.createElement("a");
      link.className = "topnav-link";
      link.href = page.href;
      link.dataset.testid = "nav-" + page.key;
      link.textContent = T[page.label];
      if (page.key === current) link.setAttribute("aria-current", "page");
      return link;
    }),
  );
  nav.hidden = pagesFor(role).length < 2;
}
