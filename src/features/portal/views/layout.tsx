// The public site's own page frame: the ward's masthead in deep red, the categories, one search
// box. No script, no session, no CSRF token: a public page sets no cookie and writes nothing.
import type { ComponentChildren } from 'preact';
import type { Locale, T } from '../../../platform/i18n/index.ts';
import type { CategoryRow, SiteRow } from '../repo.ts';

export interface PortalCtx {
  t: T;
  locale: Locale;
  path: string;
  origin: string; // "https://dongtam.example.vn", for canonical and Open Graph URLs
  site: SiteRow;
  categories: CategoryRow[];
}

export interface PageMeta {
  title: string;
  description?: string | null | undefined;
  canonical: string; // path, made absolute here
  ogType?: 'website' | 'article';
  image?: string | null | undefined; // path of an image
  publishedTime?: string | null | undefined;
  feed?: { href: string; title: string } | undefined;
  noindex?: boolean;
  prev?: string | null | undefined;
  next?: string | null | undefined;
}

export function PortalLayout({ ctx, meta, section, children }: { ctx: PortalCtx; meta: PageMeta; section?: string | undefined; children: ComponentChildren }) {
  const { t, site } = ctx;
  const abs = (p: string) => ctx.origin + p;
  const name = siteName(site);
  const fullTitle = meta.title === site.title || meta.title === name ? name : `${meta.title} — ${name}`;
  const description = meta.description ?? site.subtitle ?? site.title;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={description} />
        <link rel="canonical" href={abs(meta.canonical)} />
        {meta.noindex && <meta name="robots" content="noindex" />}
        {meta.prev && <link rel="prev" href={abs(meta.prev)} />}
        {meta.next && <link rel="next" href={abs(meta.next)} />}
        <meta property="og:site_name" content={site.title} />
        <meta property="og:locale" content="vi_VN" />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={description} />
        <meta property="og:url" content={abs(meta.canonical)} />
        {meta.image && <meta property="og:image" content={abs(meta.image)} />}
        {meta.publishedTime && <meta property="article:published_time" content={meta.publishedTime} />}
        <link rel="alternate" type="application/atom+xml" title={meta.feed?.title ?? site.title} href={meta.feed?.href ?? '/atom.xml'} />
        <link rel="stylesheet" href="/static/portal.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src="/static/portal.js" defer></script>
        <link rel="icon" href="/static/favicon.png" type="image/png" sizes="64x64" />
      </head>
      <body class="portal">
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="pm-head">
          <div class="pm-inner">
            <a class="pm-brand" href="/">
              <span class="pm-kicker">{site.title}</span>
              <span class="pm-ward">{site.ward_name}</span>
            </a>
            <form class="pm-search" method="get" action="/tim-kiem" role="search">
              <label class="sr-only" for="pm-q">
                {t('portal.search.label')}
              </label>
              <input id="pm-q" name="q" type="search" maxLength={200} placeholder={t('portal.search.placeholder')} />
              <button type="submit">{t('portal.search.go')}</button>
            </form>
          </div>
        </header>
        <nav class="pm-nav" aria-label={t('portal.nav.label')}>
          <ul class="pm-inner">
            <li>
              <a href="/" aria-current={ctx.path === '/' ? 'page' : undefined}>
                {t('portal.home')}
              </a>
            </li>
            {ctx.categories.map((c) => (
              <li>
                <a href={c.slug === 'cong-khai' ? '/cong-khai' : `/chuyen-muc/${c.slug}`} aria-current={section === c.slug ? 'page' : undefined}>
                  {c.name}
                </a>
              </li>
            ))}
            {!ctx.categories.some((c) => c.slug === 'cong-khai') && (
              <li>
                <a href="/cong-khai" aria-current={section === 'cong-khai' ? 'page' : undefined}>
                  {t('portal.disclosures')}
                </a>
              </li>
            )}
          </ul>
        </nav>
        <main id="main" class="pm-inner pm-main">
          {children}
        </main>
        <footer class="pm-foot">
          <div class="pm-inner">
            <p>
              <strong>{name}</strong>
            </p>
            {site.subtitle && <p>{site.subtitle}</p>}
            <SiteFooter ctx={ctx} />
            <p>
              <a href="/atom.xml">{t('portal.feed')}</a> · <a href="/sitemap.xml">{t('portal.sitemap')}</a> · <a href="/login">{t('portal.staffLogin')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The site's name for every `<title>`: its title with the ward's name ("Cổng thông tin điện tử phường Đồng Tâm"). */
export function siteName(site: Pick<SiteRow, 'title' | 'ward_name'>): string {
  if (site.title.toLocaleLowerCase('vi').includes(site.ward_name.toLocaleLowerCase('vi'))) return site.title;
  return `${site.title} ${site.ward_name.charAt(0).toLocaleLowerCase('vi')}${site.ward_name.slice(1)}`;
}

/** The footer's responsible body, address, phone and e-mail (set under /app/portal/site), each line only when filled. */
function SiteFooter({ ctx }: { ctx: PortalCtx }) {
  const { site, t } = ctx;
  if (!site.footer_body && !site.footer_address && !site.footer_phone && !site.footer_email) return null;
  return (
    <address class="pm-contact">
      {site.footer_body && (
        <p>
          {t('portal.footer.body')}: {site.footer_body}
        </p>
      )}
      {site.footer_address && (
        <p>
          {t('portal.footer.address')}: {site.footer_address}
        </p>
      )}
      {(site.footer_phone || site.footer_email) && (
        <p>
          {site.footer_phone && (
            <>
              {t('portal.footer.phone')}: <a href={`tel:${site.footer_phone.replace(/[^0-9+]/g, '')}`}>{site.footer_phone}</a>
            </>
          )}
          {site.footer_phone && site.footer_email && ' · '}
          {site.footer_email && (
            <>
              {t('portal.footer.email')}: <a href={`mailto:${site.footer_email}`}>{site.footer_email}</a>
            </>
          )}
        </p>
      )}
    </address>
  );
}

/** Page numbers for public lists: ?trang=N, with prev/next links. */
export function PortalPager({ ctx, page, pages, href }: { ctx: PortalCtx; page: number; pages: number; href: (n: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav class="pm-pager" aria-label={ctx.t('portal.pager')}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {ctx.t('common.prev')}
        </a>
      ) : (
        <span />
      )}
      <span>{ctx.t('common.page', { n: page, total: pages })}</span>
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          {ctx.t('common.next')}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
