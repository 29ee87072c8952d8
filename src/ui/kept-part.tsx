// Parts of a page rendered apart and kept (issue 12, docs/DESIGN.md D77, D78): a page leaves a
// marker where such a part goes (`KeptPart`), is rendered without it, and is sent as UTF-8 parts
// with the kept parts' bytes between its own (`withParts`, platform/http/context.ts `sendHtmlParts`)
// — the same bytes as the page rendered in one piece, with nothing of the kept part encoded or
// copied again. A kept part holds nothing of one user or one session (no CSRF token, no name).

const MARK = '<template data-kept-part="1"></template>';

/** Where a page leaves a kept part; the n-th marker gets the n-th part of `withParts`. */
export function KeptPart() {
  return <template data-kept-part="1" />;
}

/**
 * `html` as UTF-8 parts with `parts[i]` in place of its i-th KeptPart marker. Parts beyond the
 * markers are left out (a page with no rows draws no table and so no marker for its rows).
 */
export function withParts(html: string, parts: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const part of parts) {
    const at = html.indexOf(MARK, from);
    if (at < 0) break;
    out.push(Buffer.from(html.slice(from, at)), part);
    from = at + MARK.length;
  }
  out.push(Buffer.from(html.slice(from)));
  return out;
}
