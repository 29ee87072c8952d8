// A form's action address left in the address bar is safe to open again (docs/DESIGN.md D64).
// A refused form is rendered in answer to its POST (4xx, typed values and the error summary);
// the address bar then shows the POST's path (`/app/tasks/<id>/submit`). Opening that address
// (a bookmark, a copied link, a reload after app.js turned the history entry into a GET) asks
// for it by GET: when only POST is routed there, the not-found handler answers 303 to the
// nearest page above it that is routed for GET (`/app/tasks/<id>`), never a 404.
import type { RouteRule } from './security.ts';

/** A route's url pattern (`/app/tasks/:id/submit`, `/x/*`) as an anchored regular expression. */
function patternOf(url: string): RegExp {
  const body = url
    .split('/')
    .map((seg) => (seg === '*' ? '.*' : seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

interface Compiled {
  get: RegExp[];
  other: RegExp[];
  /** Every rule's method with its pattern (for `methodsAt`). */
  all: { method: string; re: RegExp }[];
  /** How many rules were compiled: the table only grows until the app is ready. */
  n: number;
}

const compiled = new WeakMap<RouteRule[], Compiled>();

function patterns(rules: RouteRule[]): Compiled {
  let p = compiled.get(rules);
  if (!p || p.n !== rules.length) {
    p = { get: [], other: [], all: [], n: rules.length };
    for (const r of rules) {
      const re = patternOf(r.url);
      (r.method === 'GET' ? p.get : p.other).push(re);
      p.all.push({ method: r.method, re });
    }
    compiled.set(rules, p);
  }
  return p;
}

/**
 * Where a GET on `path` (no query) should go when no GET route matches it: the nearest path above
 * it (dropping one segment at a time) that a GET route serves, if a POST (or other non-GET) route
 * serves `path` itself; else null (a real 404). API paths (`/api/…`) are never redirected: an API
 * client gets its 404. Pure: reads the route table only.
 */
/** Whether `path` is the address of a page (a GET route of `rules`). */
export function isPageAddress(rules: RouteRule[], path: string): boolean {
  return patterns(rules).get.some((re) => re.test(path));
}

export function safeAddressOf(rules: RouteRule[], path: string): string | null {
  if (path.startsWith('/api/') || path.startsWith('/static/')) return null;
  const { get, other } = patterns(rules);
  if (!other.some((re) => re.test(path))) return null;
  const segs = path.split('/');
  while (segs.length > 1 && segs[segs.length - 1] === '') segs.pop();
  for (let n = segs.length - 1; n >= 1; n--) {
    const up = segs.slice(0, n).join('/') || '/';
    if (get.some((re) => re.test(up))) return up;
  }
  return null;
}

/**
 * The methods routed at `path` (no query), for a 405's `Allow` header: e.g. ['GET', 'HEAD', 'PATCH']
 * (HEAD wherever GET is, as Fastify serves it); [] when no route serves the path at all. Pure.
 */
export function methodsAt(rules: RouteRule[], path: string): string[] {
  const found = new Set(patterns(rules).all.filter((r) => r.re.test(path)).map((r) => r.method));
  if (found.has('GET')) found.add('HEAD');
  return [...found].sort();
}
