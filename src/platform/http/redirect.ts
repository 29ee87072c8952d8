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
 * @returns a path that starts with a single `/`
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
  return isLocalPath(decoded) ? next : fallback;
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
