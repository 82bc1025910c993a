/* Where the http(s) links are in a message: pure, so the DOM side only builds nodes. */

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
// Punctuation that ends a sentence rather than the link.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

/** Split text into [{text}] and [{url}] pieces, in order; joined, they give the text back. */
export function splitLinks(text) {
  const source = String(text);
  const pieces = [];
  let last = 0;
  for (const match of source.matchAll(URL_RE)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, "");
    if (match.index > last) pieces.push({ text: source.slice(last, match.index) });
    pieces.push({ url });
    last = match.index + url.length;
  }
  if (last < source.length) pieces.push({ text: source.slice(last) });
  return pieces;
}
