/**
 * Where a `next=` parameter may send the browser: a path on this site, never another origin.
 *
 * Accepted: a string that starts with exactly one `/` followed by something that is not `/` or
 * `\` (browsers treat `/\evil` like `//evil`, a scheme-relative URL to another host), holds no
 * control characters (a tab or newline inside `/\t/evil` is dropped by browsers), no
 * backslash anywhere, and whose decoded form is just as harmless (`/%2F%2Fevil` or `%5C` could be
 * decoded by a later hop). Anything else — absolute URLs (`https://…`, `javascript:`), `//host`,
 * non-strings, over 2,000 characters — gives `fallback`.
 *
 * @param next the untrusted value (query string or form field), any type
 * @param fallback a same-site path to use when `next` is refused (default `/`)
 * @returns a path that starts with a single `/`, every character outside printable ASCII
 *   percent-encoded (UTF-8) so it is a valid Location header (`/tim-kiem?q=Nguyễn` →
 *   `/tim-kiem?q=Nguy%E1%BB%85n`; a raw "ễ" in a header makes Node refuse the whole answer)
 */
export function safeRedirectPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  if (!isLocalPath(next)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback;
  }
  return isLocalPath(decoded) ? headerSafe(next) : fallback;
}

/** `path` with each character outside printable ASCII percent-encoded as UTF-8 (lone surrogates dropped). */
function headerSafe(path: string): string {
  let out = '';
  for (const ch of path) {
    const c = ch.codePointAt(0) ?? 0;
    if (c > 0x20 && c < 0x7f) out += ch;
    else if (c >= 0xd800 && c <= 0xdfff) continue;
    else out += encodeURIComponent(ch);
  }
  return out;
}

function isLocalPath(s: string): boolean {
  if (s[0] !== '/') return false;
  if (s[1] === '/' || s[1] === '\\') return false;
  // Control characters and backslashes have no place in our own paths.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c === 0x5c) return false;
  }
  return true;
}
