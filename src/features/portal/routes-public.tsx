// The public portal: home, categories, articles, search, feeds, sitemap, robots, media.
// Public pages use their own context (no session, no CSRF token), so reading sets no cookie.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderHtml } from '../../platform/http/context.ts';
import { translator } from '../../platform/i18n/index.ts';
import { nowIso } from '../../db/dialect.ts';
import { CategoryPage, DISCLOSURE_SLUG, HomePage, PortalError, PortalNotFound, SearchPage, articleHref, categoryHref } from './views/public.tsx';
import { setPublicErrorPage } from '../../platform/http/errors.tsx';
import type { PortalCtx } from './views/layout.tsx';
import { PageQuery, SearchQuery } from './schema.ts';
import { PUBLIC_PAGE_SIZE, categoryPage, homeData, listCategories, searchPortal, siteFor, type CategoryRow, type SearchResultItem, type SiteRow } from './service.ts';
import { nextScheduled, siteProbe, type SiteProbe } from './repo.ts';
import { Lru, TimedLru, keptKey, siteHost, stillFresh } from './cache.ts';
import { commandGeneration } from '../../platform/command.ts';
import { queryExactTokens, queryTerms } from './text.ts';
import { articleRoutes } from './routes-article.tsx';
import { readableFile, storageKey } from './files.ts';
import { sendStoredFile } from '../../platform/files/index.ts';
import type { ViewCounter } from './counter.ts';
import { atomFeed, sitemapXml } from './feeds.ts';

const pub = { config: { access: 'public' as const } };

export interface PublicKit {
  withSite(req: FastifyRequest, reply: FastifyReply, fn: (ctx: PortalCtx) => Promise<FastifyReply>): Promise<FastifyReply>;
  html(reply: FastifyReply, node: VNode, status?: number): FastifyReply;
  notFoundPage(reply: FastifyReply, ctx: PortalCtx): FastifyReply;
  /** The site (and, given a slug, the visible article) of the request, with the page context: one query, categories cached. */
  probe(req: FastifyRequest, slug: string | null): Promise<{ ctx: PortalCtx; probe: SiteProbe } | null>;
  /** No portal on this host: staff go to the working app, others to the login page. */
  noSite(req: FastifyRequest, reply: FastifyReply): FastifyReply;
}

/**
 * The origin of a site's absolute URLs (canonical, Open Graph, feeds, sitemap, robots), never taken
 * from the request: the scheme and port of the configured public URL with the site's own host
 * name (`portal_site.host`), or the public URL itself for a site without one (the default site).
 * `siteOrigin({ host: 'vinhtuy.gov.vn' }, 'https://dongtam.gov.vn')` → `https://vinhtuy.gov.vn`.
 */
export function siteOrigin(site: { host: string | null }, publicUrl: string): string {
  const u = new URL(publicUrl);
  if (site.host) u.hostname = site.host;
  return u.origin;
}

/** What every public page needs: the site of the host name, its categories, HTML out, the portal's 404. */
export function publicKit(app: FastifyInstance): PublicKit {
  const db = app.db;
  // Categories by site and content version (D42): any category change bumps the version.
  const categories = new Lru<CategoryRow[]>(200);
  async function probe(req: FastifyRequest, slug: string | null): Promise<{ ctx: PortalCtx; probe: SiteProbe } | null> {
    const found = await siteProbe(db, siteHost(req), slug, nowIso());
    if (!found) return null;
    const key = `${found.id}|${found.content_version}`;
    let cats = categories.get(key);
    if (!cats) {
      cats = await listCategories(db, found.ward_id);
      categories.set(key, cats);
    }
    const site: SiteRow = { id: found.id, ward_id: found.ward_id, title: found.title, subtitle: found.subtitle, host: found.host, ward_name: found.ward_name, footer_body: found.footer_body, footer_address: found.footer_address, footer_phone: found.footer_phone, footer_email: found.footer_email };
    return { probe: found, ctx: { t: translator(req.locale), locale: req.locale, path: req.url.split('?')[0] ?? '/', origin: siteOrigin(site, app.config.publicUrl), site, categories: cats } };
  }
  const html = (reply: FastifyReply, node: VNode, status = 200) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(renderHtml(node));
  const notFoundPage = (reply: FastifyReply, ctx: PortalCtx) => {
    for (const h of ['etag', 'last-modified', 'vary']) reply.removeHeader(h);
    return html(reply, <PortalNotFound ctx={ctx} />, 404);
  };
  const noSite = (req: FastifyRequest, reply: FastifyReply) => reply.redirect(req.auth.identity ? '/app' : '/login');
  return {
    html,
    notFoundPage,
    probe,
    noSite,
    /** Resolves the site or answers: no portal here yet sends staff to the working app. */
    async withSite(req, reply, fn) {
      const found = await probe(req, null);
      if (!found) return noSite(req, reply);
      return fn(found.ctx);
    },
  };
}

/** Paths of the working app and its log-in, not of the public side: their errors keep the app's page. */
const APP_SIDE = /^\/(?:app|api|login|logout|setup|activate|lang|static|healthz)(?:[/?.]|$)/;

/** A portal slug: any text; an unknown one is answered by the portal's own 404 page, not here. */
const SlugParams = z.object({ slug: z.string() });

export function portalPublicRoutes(plain: FastifyInstance, counter: ViewCounter, extra: { sitemapPaths: (wardId: string) => Promise<string[]> }): void {
  // Queries are declared where they cannot change what a reader sees: every field of PageQuery and
  // SearchQuery falls back (`.catch`), so odd input (a bad page number…) answers as before and
  // never 400. Slugs are declared as plain text (the portal's 404 answers an unknown one). The
  // file routes (/media, /tep) keep their own id check: a misfit is the app's not-found, as before.
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const { withSite, html, notFoundPage, probe, noSite } = publicKit(app);
  // Every error of the public side (an unknown address, a refused request, a failure) in the
  // portal's layout: its title says the site and the ward, as every public page's (D65).
  setPublicErrorPage(async (req, reply, status, title, message) => {
    if (APP_SIDE.test(req.url)) return false;
    const found = await probe(req, null).catch(() => null);
    if (!found) return false;
    for (const h of ['etag', 'last-modified', 'vary']) reply.removeHeader(h);
    html(reply, <PortalError ctx={found.ctx} title={title} message={message} />, status);
    return true;
  });

  app.get('/', pub, async (req, reply) =>
    withSite(req, reply, async (ctx) => {
      const data = await homeData(db, ctx.site.ward_id, ctx.categories);
      return html(reply, <HomePage ctx={ctx} latest={data.latest} blocks={data.blocks} />);
    }),
  );

  app.get('/chuyen-muc/:slug', { ...pub, schema: { params: SlugParams, querystring: PageQuery } }, async (req, reply) =>
    withSite(req, reply, async (ctx) => {
      const category = ctx.categories.find((c) => c.slug === req.params.slug);
      if (!category) return notFoundPage(reply, ctx);
      if (category.slug === DISCLOSURE_SLUG) return reply.redirect(categoryHref(category.slug), 301);
      const { trang } = req.query;
      const { rows, total } = await categoryPage(db, ctx.site.ward_id, category.id, trang);
      if (trang > 1 && rows.length === 0) return notFoundPage(reply, ctx);
      return html(reply, <CategoryPage ctx={ctx} category={category} items={rows} total={total} page={trang} pageSize={PUBLIC_PAGE_SIZE} />);
    }),
  );

  articleRoutes(app, counter, { probe, notFoundPage, noSite });

  // The first page of a search, by site, content version and what the query means (D42).
  const searches = new TimedLru<Awaited<ReturnType<typeof searchPortal>>>(500);
  const searchTtlMs = app.config.searchCacheSeconds * 1000;
  // The rendered page, kept for cookie-less readers like an article's (D68): ≤ FRESH_MS, no write since;
  // not at all when the search cache is off.
  const keptSearches = new Lru<{ gen: number; at: number; html: string }>(500);
  app.get('/tim-kiem', { ...pub, schema: { querystring: SearchQuery } }, async (req, reply) => {
    const keptAs = searchTtlMs > 0 ? keptKey(req, req.url) : null; // ROVIEC_SEARCH_CACHE_SECONDS=0: nothing kept
    const now0 = Date.now();
    const gen = commandGeneration(); // read before the probe: a write during it makes the page stale
    const kept = keptAs ? keptSearches.get(keptAs) : undefined;
    if (kept && stillFresh(kept, gen, now0)) return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(kept.html);
    const found = await probe(req, null);
    if (!found) return noSite(req, reply);
    const { ctx } = found;
    const query = req.query;
    const searched = queryTerms(query.q).length > 0; // symbols only: not searched, and the page says so
    let r: { items: SearchResultItem[]; total: number; more: boolean } = { items: [], total: 0, more: false };
    if (searched) {
      const key = searchTtlMs > 0 && query.trang === 1 ? JSON.stringify([found.probe.id, found.probe.content_version, queryTerms(query.q), queryExactTokens(query.q), query.chuyen_muc, query.tu, query.den, req.locale]) : null;
      const hit = key ? searches.get(key) : undefined;
      if (hit) r = hit;
      else {
        const now = nowIso();
        const fresh = await searchPortal(db, ctx.site.ward_id, ctx.categories, query, now);
        if (key) {
          // Expire before the next scheduled article comes out, so it is found from its time on.
          const next = await nextScheduled(db, ctx.site.ward_id, now);
          searches.set(key, fresh, Math.min(Date.now() + searchTtlMs, next ? Date.parse(next) : Infinity));
        }
        r = fresh;
      }
    }
    // Past the last page: the portal's 404, as a category page answers there.
    if (searched && query.trang > 1 && r.items.length === 0) return notFoundPage(reply, ctx);
    const page = renderHtml(<SearchPage ctx={ctx} query={query} items={r.items} total={r.total} more={r.more} pageSize={PUBLIC_PAGE_SIZE} searched={searched} />);
    if (keptAs) keptSearches.set(keptAs, { gen, at: now0, html: page });
    return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });

  // Feeds: Atom for the whole portal and for each category.
  const feed = async (req: FastifyRequest, reply: FastifyReply, slug: string | null) =>
    withSite(req, reply, async (ctx) => {
      const category = slug ? ctx.categories.find((c) => c.slug === slug) : undefined;
      if (slug && !category) return notFoundPage(reply, ctx);
      const { rows } = await categoryPage(db, ctx.site.ward_id, category?.id, 1);
      const self = category ? `/chuyen-muc/${category.slug}/atom.xml` : '/atom.xml';
      const xml = atomFeed({ origin: ctx.origin, self, alternate: category ? categoryHref(category.slug) : '/', title: category ? `${category.name} – ${ctx.site.title}` : ctx.site.title, entries: rows, articleHref });
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    });
  app.get('/atom.xml', pub, async (req, reply) => feed(req, reply, null));
  app.get('/chuyen-muc/:slug/atom.xml', { ...pub, schema: { params: SlugParams } }, async (req, reply) => feed(req, reply, req.params.slug));

  app.get('/sitemap.xml', pub, async (req, reply) =>
    withSite(req, reply, async (ctx) => {
      const rows = await db
        .selectFrom('article')
        .select(['slug', 'published_at', 'updated_at'])
        .where('ward_id', '=', ctx.site.ward_id)
        .where('status', '=', 'published')
        .where('published_at', '<=', nowIso())
        .orderBy('published_at', 'desc')
        .limit(45_000)
        .execute();
      const urls = [
        { loc: '/', lastmod: rows[0]?.published_at ?? null },
        ...ctx.categories.map((c) => ({ loc: categoryHref(c.slug), lastmod: null })),
        ...(await extra.sitemapPaths(ctx.site.ward_id)).map((loc) => ({ loc, lastmod: null })),
        ...rows.map((r) => ({ loc: articleHref(r.slug), lastmod: r.updated_at > (r.published_at ?? '') ? r.updated_at : r.published_at })),
      ];
      return reply.type('application/xml; charset=utf-8').send(sitemapXml(ctx.origin, urls));
    }),
  );

  app.get('/robots.txt', pub, async (req, reply) => {
    const site = await siteFor(db, req.hostname);
    const origin = site ? siteOrigin(site, app.config.publicUrl) : app.config.publicUrl;
    return reply.type('text/plain; charset=utf-8').send(`User-agent: *\nAllow: /\nDisallow: /app\nDisallow: /login\nDisallow: /tim-kiem\nSitemap: ${origin}/sitemap.xml\n`);
  });

  // Images and attachments: public on their ward's site once their article is out (or their
  // disclosure posted); before that only to the portal staff of their ward (D29).
  const sendStored = async (req: FastifyRequest, reply: FastifyReply, fileId: string, variant: string, disposition: 'inline' | 'attachment') => {
    if (!/^[0-9a-f-]{36}$/.test(fileId)) return reply.callNotFound();
    const site = await siteFor(db, req.hostname);
    const access = req.auth.access;
    const f = await readableFile(db, fileId, { siteWardId: site?.ward_id ?? null, staff: access ? { wardId: access.wardId, roles: access.roles } : null });
    if (!f) return reply.callNotFound();
    const sent = sendStoredFile(reply, app.config.filesDir, storageKey(f.ward_id, f.id, variant), {
      contentType: variant.endsWith('.jpg') ? 'image/jpeg' : f.mime,
      cacheControl: f.cache === 'public' ? 'public, max-age=604800' : 'private, no-store',
      filename: variant.endsWith('.jpg') ? `${f.id}-${variant}` : f.filename,
      inline: disposition === 'inline',
    });
    return sent ?? reply.callNotFound();
  };
  app.get('/media/:id/:variant', pub, async (req, reply) => {
    const { id, variant } = req.params as { id: string; variant: string };
    if (variant !== '480.jpg' && variant !== '1024.jpg') return reply.callNotFound();
    return sendStored(req, reply, id, variant, 'inline');
  });
  app.get('/tep/:id/:name', pub, async (req, reply) => sendStored(req, reply, (req.params as { id: string }).id, 'file', 'attachment'));
}
