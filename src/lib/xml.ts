// Text for XML (Atom feeds, sitemap, DOCX and XLSX parts) and iCalendar, safe whatever is stored:
// text is cleaned where it enters (lib/vi/normalize.ts stripControls), but rows written before that,
// imported or restored may still hold characters these formats cannot carry, and one of them makes
// a whole feed or document unreadable. Every writer passes its text through here.

/**
 * What XML 1.0 forbids (§2.2 `Char`): C0 controls other than tab, line feed and carriage return,
 * lone surrogates, U+FFFE and U+FFFF; plus DEL and the C1 controls (allowed but "discouraged",
 * and refused by iCalendar, RFC 5545 §3.1). With the `u` flag a lone surrogate is one code point.
 */
const NOT_XML = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `s` without the characters XML 1.0 and iCalendar cannot carry (see NOT_XML). Linear. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '');
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** `s` as XML character data or attribute value: forbidden characters dropped, markup escaped. */
export function xmlEscape(s: string): string {
  return xmlText(s).replace(/[&<>"']/g, (c) => ESC[c] as string);
}
