// The public article page, cached (docs/DESIGN.md D42): one query per view (site, content version,
// the article's version and view count), the page rendered once per version and kept in a bounded
// LRU, HTTP validators (weak ETag, Last-Modified, 304) and a Cache-Control a reverse proxy may
// honour. Views are counted by a tiny no-store image the page embeds, so they are counted even when
// a proxy or the browser answered the page itself, and without any script.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderHtml } from '../../platform/http/context.ts';
import { formatNumber } from '../../lib/vi/index.ts';
import { ArticlePage } from './views/public.tsx';
import type { PortalCtx } from './views/layout.tsx';
import { publicArticle, type PublicArticle } from './service.ts';
import type { SiteProbe } from './repo.ts';
import type { ViewCounter } from './counter.ts';
import { Lru, httpDate, keptKey, notModified, publicCaching, stillFresh, weakEtag } from './cache.ts';
import { commandGeneration } from '../../platform/command.ts';
import { acceptedEncoding, compressBody } from '../../platform/http/compress.ts';

const pub = { config: { access: 'public' as const } };
const SlugParams = z.object({ slug: z.string() });

/** A 1×1 transparent GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Browsers announce speculative loads (prefetch, prerender): those are not views. */
export function isPrefetch(req: FastifyRequest): boolean {
  const h = [req.headers['sec-purpose'], req.headers.purpose, req.headers['x-purpose'], req.headers['x-moz']].filter((v): v is string => typeof v === 'string');
  return h.some((v) => /prefetch|prerender|preview/i.test(v));
}

/** The page of an article with the view count given: the reference rendering (what the cache must equal). */
export function articlePageHtml(ctx: PortalCtx, data: PublicArticle): string {
  return renderHtml(<ArticlePage ctx={ctx} data={data} category={ctx.categories.find((c) => c.id === data.article.category_id)} />);
}

// The view count is the only part of the page that changes without a version: the page is kept as
// the text before and after it, and the current count (read by the same query) goes in between.
const COUNT_MARK = -1;
const markText = `<span class="pm-views">${formatNumber(COUNT_MARK)}</span>`;
const countText = (n: number) => `<span class="pm-views">${formatNumber(n)}</span>`;

/** An article page as answered: validators, the finished body (UTF-8) and its compressed variants. */
class Answer {
  constructor(init: Pick<Answer, 'gen' | 'at' | 'etag' | 'lastModified' | 'views' | 'body' | 'br' | 'gzip'>) {
    Object.assign(this, init);
  }
  gen!: number;
  at!: number;
  etag!: string;
  lastModified!: string;
  views!: number;
  body!: Buffer;
  br!: Buffer | null;
  gzip!: Buffer | null;
}

interface Kit {
  probe(req: FastifyRequest, slug: string | null): Promise<{ ctx: PortalCtx; probe: SiteProbe } | null>;
  notFoundPage(reply: FastifyReply, ctx: PortalCtx): FastifyReply;
  noSite(req: FastifyRequest, reply: FastifyReply): FastifyReply;
}

/** GET /bai-viet/:slug (cached) and GET /bai-viet/:slug/xem.gif (the view counter). */
export function articleRoutes(plain: FastifyInstance, counter: ViewCounter, kit: Kit, maxPages = 500): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const pages = new Lru<{ head: string; tail: string }>(maxPages);

  // What a request for a page needs, probed at most FRESH_MS ago by this process with no write of
  // its own since (commandGeneration): validators and the finished body, with its compressed
  // variants made on first demand. Kept only for requests without cookies (the same answer for all).
  const fresh = new Lru<Answer>(maxPages);

  /** The answer for this request: fresh from the cache, or probed (and kept for a cookie-less request); the reply when the request was answered otherwise (no site, 404). */
  async function answerFor(req: FastifyRequest, slug: string, reply: FastifyReply): Promise<Answer | FastifyReply> {
    const key = keptKey(req, req.url.split('?')[0] ?? '');
    const now = Date.now();
    const gen = commandGeneration(); // read before the probe: a write during it makes the answer stale
    const kept = key ? fresh.get(key) : undefined;
    if (kept && stillFresh(kept, gen, now)) return kept;
    const found = await kit.probe(req, slug);
    if (!found) return kit.noSite(req, reply);
    const { ctx, probe: p } = found;
    if (!p.article_id) return kit.notFoundPage(reply, ctx);
    // Everything the page is made of, by version: the site row, the ward's content (articles,
    // categories, files), the article, and how it is asked for (language, path, origin).
    const etag = weakEtag([p.id, p.version, p.updated_at, p.title, p.subtitle, p.host, p.ward_name, p.content_version, p.article_id, p.article_version, ctx.locale, ctx.path, ctx.origin]);
    const lastModified = httpDate(p.updated_at, p.content_at, p.article_updated_at);
    const views = Number(p.article_views ?? 0);
    // The same page with the same count as the kept answer (a re-probe that found no change): reused.
    if (kept && kept.etag === etag && kept.views === views) {
      kept.gen = gen;
      kept.at = now;
      return kept;
    }
    let page = pages.get(etag);
    if (!page) {
      const data = await publicArticle(db, ctx.site.ward_id, slug);
      if (!data) return kit.notFoundPage(reply, ctx); // unpublished since the probe
      const html = articlePageHtml(ctx, { ...data, views: COUNT_MARK });
      const at = html.indexOf(markText);
      if (at < 0 || html.indexOf(markText, at + 1) >= 0) return reply.type('text/html; charset=utf-8').send(articlePageHtml(ctx, { ...data, views }));
      page = { head: html.slice(0, at), tail: html.slice(at + markText.length) };
      pages.set(etag, page);
    }
    const answer = new Answer({ gen, at: now, etag, lastModified, views, body: Buffer.from(page.head + countText(views) + page.tail), br: null, gzip: null });
    if (key) fresh.set(key, answer);
    return answer;
  }

  app.get('/bai-viet/:slug', { ...pub, schema: { params: SlugParams } }, async (req, reply) => {
    const a = await answerFor(req, req.params.slug, reply);
    if (!(a instanceof Answer)) return a;
    publicCaching(req, reply).header('etag', a.etag).header('last-modified', a.lastModified);
    if (notModified(req, a.etag, a.lastModified)) return reply.code(304).send();
    reply.code(200).type('text/html; charset=utf-8');
    const enc = acceptedEncoding(req.headers['accept-encoding'], a.body.length);
    if (!enc) return reply.send(a.body);
    return reply.header('content-encoding', enc).send((a[enc] ??= compressBody(a.body, enc)));
  });

  app.get('/bai-viet/:slug/xem.gif', { ...pub, schema: { params: SlugParams } }, async (req, reply) => {
    const found = await kit.probe(req, req.params.slug);
    reply.header('cache-control', 'no-store').type('image/gif');
    if (!found?.probe.article_id) return reply.code(404).send(PIXEL);
    // A HEAD (link checkers, some prefetchers) is not a reader: only a GET of the image counts.
    if (req.method === 'GET' && !isPrefetch(req)) counter.record({ id: found.probe.article_id, ward_id: found.probe.ward_id }, req.ip, req.headers['user-agent'] ?? '');
    return reply.send(PIXEL);
  });
}
