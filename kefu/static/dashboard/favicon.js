/*
 * The tab's icon with the unread count on it (a pinned or crowded tab shows no title).
 * An SVG data URL: no canvas, nothing the CSP does not already allow (img-src data:).
 */

const BASE =
  "<rect width='32' height='32' rx='8' fill='#2563eb'/>" +
  "<path d='M9 11h14v8h-7l-4 3v-3H9z' fill='white'/>";

/** What the badge says: nothing for 0, the count up to 9, else "9+". */
export function badgeText(count) {
  if (!count || count < 1) return "";
  return count > 9 ? "9+" : String(count);
}

/** The icon as SVG markup, with a red badge holding `count` when there is one. */
export function faviconSvg(count) {
  const text = badgeText(count);
  const badge = text
    ? "<circle cx='23' cy='9' r='9' fill='#dc2626' stroke='white' stroke-width='2'/>" +
      "<text x='23' y='13' font-family='Arial,sans-serif' font-size='" + (text.length > 1 ? 10 : 12) +
      "' font-weight='700' fill='white' text-anchor='middle'>" + text + "</text>"
    : "";
  return "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>" + BASE + badge + "</svg>";
}

let shown = -1;

/** Put `count` on the tab's icon (`data-count` on the <link> says what it shows). */
export function setFaviconCount(count) {
  const n = Math.max(0, count || 0);
  if (n === shown) return;
  shown = n;
  let link = document.querySelector("link[rel~='icon']");
  if (!link) {
    link = document.createElement("link");
    link.rel = "icon";
    document.head.appendChild(link);
  }
  link.type = "image/svg+xml";
  link.href = "data:image/svg+xml," + encodeURIComponent(faviconSvg(n));
  link.dataset.count = String(n);
}
