// Caches of the public portal (docs/DESIGN.md D42). Every entry is keyed by versions read from the
// database on each request (portal_site.content_version, article.version, the site row), so an
// entry can never be served after the data it came from changed, on this instance or another:
// a changed article, category, file or site setting makes a new key and the old entry is simply
// never asked for again (the LRU drops it). The search cache also expires by time (its results
// depend on "now" through scheduled articles) and is off with ROVIEC_SEARCH_CACHE_SECONDS=0.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The host name that chooses the site (siteProbe), lower case: also the site part of per-host cache keys. Never used to build a URL (siteOrigin does). */
export const siteHost = (req: FastifyRequest): string => req.hostname.toLowerCase();

/** How long an answer kept for cookie-less requests serves them in this process (ms; D68). */
export const FRESH_MS = 1000;

/**
 * The key under which an answer may be kept for this request (D68): host, `url` and locale, for a
 * request without a Cookie header and without a signed-in identity (every such reader gets the same
 * page); null for any other request, which is answered afresh.
 */
export function keptKey(req: FastifyRequest, url: string): string | null {
  return req.headers.cookie === undefined && !req.auth.identity ? `${siteHost(req)}|${url}|${req.locale}` : null;
}

/** Whether a kept answer made at `at` under command generation `gen` may still be given (younger than FRESH_MS, no write of this process since). */
export function stillFresh(kept: { gen: number; at: number }, gen: number, now: number): boolean {
  return kept.gen === gen && now - kept.at < FRESH_MS;
}

/** A bounded map that forgets the least recently used entry first. */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  get size(): number {
    return this.map.size;
  }
}

/** A weak validator from the versions a page was rendered from: `W/"…"` (22 base64url characters). */
export function weakEtag(parts: readonly unknown[]): string {
  return `W/"${crypto.createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22)}"`;
}

/** The latest of some ISO instants, as an HTTP date (seconds). */
export function httpDate(...isos: (string | null | undefined)[]): string {
  const ms = Math.max(0, ...isos.map((s) => (s ? Date.parse(s) : 0)).filter((n) => Number.isFinite(n)));
  return new Date(ms).toUTCString();
}

/**
 * Whether the request's validators match (RFC 9110 §13.1): If-None-Match by weak comparison of
 * any listed tag (or `*`); only without it, If-Modified-Since against `lastModified` (seconds).
 */
export function notModified(req: FastifyRequest, etag: string, lastModified: string): boolean {
  const inm = req.headers['if-none-match'];
  if (typeof inm === 'string' && inm.trim()) {
    const bare = (t: string) => t.trim().replace(/^W\//, '');
    return inm.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
  }
  const ims = req.headers['if-modified-since'];
  if (typeof ims === 'string') {
    const since = Date.parse(ims);
    return Number.isFinite(since) && Date.parse(lastModified) <= since;
  }
  return false;
}

/**
 * Cache-Control of a public page. A reader without cookies gets a copy a reverse proxy may keep:
 * fresh 60 s (an edit or an unpublish reaches readers behind a proxy within a minute), then served
 * stale for up to 10 minutes while the proxy revalidates in the background (a popular article never
 * waits on the app). A request with a session is `private, no-store` (its language comes from the
 * account); one with only the language cookie is `private, no-cache` (the browser revalidates with
 * the ETag). `Vary: Cookie` keeps a proxy from giving one reader's copy to another; every answer
 * (plain, compressed or 304) names accept-encoding too, so a proxy sees one Vary for the URL
 * (lower case: @fastify/compress adds it only when that exact text is missing).
 */
export function publicCaching(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('vary', 'Cookie, accept-encoding');
  if (req.auth.identity) return reply.header('cache-control', 'private, no-store');
  if (req.headers.cookie) return reply.header('cache-control', 'private, no-cache');
  return reply.header('cache-control', 'public, max-age=60, stale-while-revalidate=600');
}

/** Search results are cached this long by default (seconds; ROVIEC_SEARCH_CACHE_SECONDS). */
export const SEARCH_CACHE_SECONDS = 30;

/** A cached value that expires at `until` (ms since the epoch). */
export class TimedLru<V> {
  private readonly lru: Lru<{ until: number; value: V }>;
  constructor(max: number) {
    this.lru = new Lru(max);
  }

  get(key: string, now = Date.now()): V | undefined {
    const e = this.lru.get(key);
    return e && e.until > now ? e.value : undefined;
  }

  set(key: string, value: V, until: number): void {
    this.lru.set(key, { until, value });
  }
}
