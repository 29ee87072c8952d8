import { formatDate, formatNumber, formatTime } from '../../../lib/vi/index.ts';
import type { ArticleListRow, CategoryRow, FileRow, PublicArticle, SearchResultItem } from '../service.ts';
import { excerpt, type Segment } from '../text.ts';
import type { SearchQuery } from '../schema.ts';
import { PortalLayout, PortalPager, type PortalCtx } from './layout.tsx';

export const articleHref = (slug: string) => `/bai-viet/${slug}`;
/** The view counter's image of an article (routes-article.tsx): `/bai-viet/<slug>/xem.gif`, never cached. */
export const viewPixelHref = (slug: string) => `${articleHref(slug)}/xem.gif`;
/** The disclosures section: a category with this slug is shown at /cong-khai with the disclosure index. */
export const DISCLOSURE_SLUG = 'cong-khai';
export const categoryHref = (slug: string, page = 1) => {
  const path = slug === DISCLOSURE_SLUG ? '/cong-khai' : `/chuyen-muc/${slug}`;
  return page > 1 ? `${path}?trang=${page}` : path;
};

/** "/media/<id>/480.jpg": images are kept in two widths. */
export const imageSrc = (id: string, width: 480 | 1024 = 1024) => `/media/${id}/${width}.jpg`;

export function When({ at }: { at: string | null }) {
  if (!at) return null;
  return <time datetime={at}>{formatDate(at)}</time>;
}

/** A list thumbnail (the article's cover or first image, D55): 480 px wide, shown at 96–160 CSS px, lazy, with its alt text. */
function Thumbnail({ thumb, href, lead = false }: { thumb: { id: string; alt: string }; href: string; lead?: boolean }) {
  return (
    <a class={lead ? 'pm-thumb pm-thumb-lead' : 'pm-thumb'} href={href} tabIndex={-1} aria-hidden="true">
      <img src={imageSrc(thumb.id, 480)} srcset={`${imageSrc(thumb.id, 480)} 480w, ${imageSrc(thumb.id, 1024)} 1024w`} sizes={lead ? '(max-width: 720px) 100vw, 360px' : '160px'} alt={thumb.alt} loading="lazy" decoding="async" />
    </a>
  );
}

export function ArticleList({ items, withSummary = true }: { items: ArticleListRow[]; withSummary?: boolean }) {
  return (
    <ul class="pm-list">
      {items.map((a) => (
        <li class={a.thumb ? 'pm-has-thumb' : undefined}>
          {a.thumb && <Thumbnail thumb={a.thumb} href={articleHref(a.slug)} />}
          <a href={articleHref(a.slug)}>{a.title}</a> <When at={a.published_at} />
          {withSummary && a.summary && <p>{a.summary}</p>}
        </li>
      ))}
    </ul>
  );
}

export function HomePage({ ctx, latest, blocks }: { ctx: PortalCtx; latest: ArticleListRow[]; blocks: { category: CategoryRow; items: ArticleListRow[] }[] }) {
  const { t } = ctx;
  const [lead, ...rest] = latest;
  return (
    <PortalLayout ctx={ctx} meta={{ title: ctx.site.title, canonical: '/' }}>
      <h1 class="sr-only">{ctx.site.title}</h1>
      {lead ? (
        <section class="pm-lead" aria-labelledby="lead-title">
          {lead.thumb && <Thumbnail thumb={lead.thumb} href={articleHref(lead.slug)} lead />}
          <h2 id="lead-title">
            <a href={articleHref(lead.slug)}>{lead.title}</a>
          </h2>
          <p class="pm-meta">
            <When at={lead.published_at} />
          </p>
          {lead.summary && <p>{lead.summary}</p>}
        </section>
      ) : (
        <p class="empty">{t('portal.empty')}</p>
      )}
      {rest.length > 0 && (
        <section aria-labelledby="latest-title">
          <h2 id="latest-title">{t('portal.latest')}</h2>
          <ArticleList items={rest} withSummary={false} />
        </section>
      )}
      <div class="pm-blocks">
        {blocks
          .filter((b) => b.items.length > 0)
          .map((b) => (
            <section class="pm-block" aria-labelledby={`cat-${b.category.slug}`}>
              <h2 id={`cat-${b.category.slug}`}>
                <a href={categoryHref(b.category.slug)}>{b.category.name}</a>
              </h2>
              <ArticleList items={b.items} withSummary={false} />
            </section>
          ))}
      </div>
    </PortalLayout>
  );
}

export function CategoryPage({ ctx, category, items, total, page, pageSize }: { ctx: PortalCtx; category: CategoryRow; items: ArticleListRow[]; total: number; page: number; pageSize: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (n: number) => categoryHref(category.slug, n);
  return (
    <PortalLayout
      ctx={ctx}
      section={category.slug}
      meta={{
        title: page > 1 ? `${category.name} – ${ctx.t('common.page', { n: page, total: pages })}` : category.name,
        description: category.description,
        canonical: href(page),
        prev: page > 1 ? href(page - 1) : null,
        next: page < pages ? href(page + 1) : null,
        feed: { href: `/chuyen-muc/${category.slug}/atom.xml`, title: category.name },
      }}
    >
      <h1 class="pm-section">{category.name}</h1>
      {category.description && <p class="lead">{category.description}</p>}
      {items.length === 0 ? <p class="empty">{ctx.t('portal.empty')}</p> : <ArticleList items={items} />}
      <PortalPager ctx={ctx} page={page} pages={pages} href={href} />
      <p class="pm-feedlink">
        <a href={`/chuyen-muc/${category.slug}/atom.xml`}>{ctx.t('portal.feedOf', { name: category.name })}</a>
      </p>
    </PortalLayout>
  );
}

function Figure({ img }: { img: FileRow }) {
  return (
    <figure class="pm-figure">
      <img src={imageSrc(img.id, 1024)} srcset={`${imageSrc(img.id, 480)} 480w, ${imageSrc(img.id, 1024)} 1024w`} sizes="(max-width: 720px) 100vw, 720px" width={img.width ?? undefined} height={img.height ?? undefined} alt={img.alt ?? ''} loading="lazy" />
      {img.caption && <figcaption>{img.caption}</figcaption>}
    </figure>
  );
}

export function ArticlePage({ ctx, data, category }: { ctx: PortalCtx; data: PublicArticle; category: CategoryRow | undefined }) {
  const { t } = ctx;
  const a = data.article;
  const published = a.published_at as string;
  const cover = data.images.find((i) => i.id === a.cover_image_id) ?? data.images[0];
  return (
    <PortalLayout
      ctx={ctx}
      section={category?.slug}
      meta={{ title: a.title, description: a.summary ?? excerpt(a.body_html), canonical: articleHref(a.slug), ogType: 'article', image: cover ? imageSrc(cover.id, 1024) : null, publishedTime: published }}
    >
      <article class="pm-article">
        {category && (
          <p class="pm-section">
            <a href={categoryHref(category.slug)}>{category.name}</a>
          </p>
        )}
        <h1>{a.title}</h1>
        <p class="pm-meta">
          {t('portal.postedOn')} <time datetime={published}>{formatDate(published)}</time> | {formatTime(published)} | {t('portal.views')}: <span class="pm-views">{formatNumber(data.views)}</span>
        </p>
        {a.summary && <p class="pm-summary">{a.summary}</p>}
        {cover && <Figure img={cover} />}
        {/* body_html is Markdown rendered with raw HTML off and passed through sanitize-html on save (text.ts renderMarkdown). */}
        <div class="pm-body" dangerouslySetInnerHTML={{ __html: a.body_html }} />
        {data.images
          .filter((i) => i !== cover)
          .map((img) => (
            <Figure img={img} />
          ))}
        {data.attachments.length > 0 && (
          <section class="pm-attachments" aria-labelledby="att-title">
            <h2 id="att-title">{t('portal.attachments')}</h2>
            <ul>
              {data.attachments.map((f) => (
                <li>
                  <a href={`/tep/${f.id}/${encodeURIComponent(f.filename)}`}>{f.caption ?? f.filename}</a> <span class="muted">({formatSize(f.size_bytes)})</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <ShareBar ctx={ctx} url={ctx.origin + articleHref(a.slug)} />
        {/* Counts the view (no script needed, not cached): the page itself may come from a proxy's cache. */}
        <img class="pm-pixel" src={viewPixelHref(a.slug)} alt="" width={1} height={1} />
      </article>
      {data.related.length > 0 && (
        <section class="pm-related" aria-labelledby="rel-title">
          <h2 id="rel-title">{t('portal.related')}</h2>
          <ArticleList items={data.related} withSummary={false} />
        </section>
      )}
    </PortalLayout>
  );
}

/**
 * Print and share (D55): plain links to Facebook's and Zalo's share pages (no third-party script,
 * nothing loaded from them until the reader clicks), the article's address to copy, and a print
 * button that /static/portal.js shows and wires (hidden without script; the print stylesheet
 * serves the browser's own Print as well).
 */
function ShareBar({ ctx, url }: { ctx: PortalCtx; url: string }) {
  const { t } = ctx;
  const u = encodeURIComponent(url);
  return (
    <nav class="pm-share" aria-label={t('portal.share.label')}>
      <button type="button" data-print hidden>
        {t('portal.share.print')}
      </button>
      <a href={`https://www.facebook.com/sharer/sharer.php?u=${u}`} rel="noopener noreferrer" target="_blank">
        {t('portal.share.facebook')}
      </a>
      <a href={`https://zalo.me/share?url=${u}`} rel="noopener noreferrer" target="_blank">
        {t('portal.share.zalo')}
      </a>
      <label class="sr-only" for="pm-link">
        {t('portal.share.copy')}
      </label>
      <input id="pm-link" type="url" readOnly value={url} title={t('portal.share.copy')} />
    </nav>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${formatNumber(bytes / (1024 * 1024), 1)} MB`;
}

function Marked({ segs }: { segs: Segment[] }) {
  return <>{segs.map((s) => (s.mark ? <mark>{s.text}</mark> : s.text))}</>;
}

export function SearchPage({ ctx, query, items, total, more, pageSize, searched }: { ctx: PortalCtx; query: SearchQuery; items: SearchResultItem[]; total: number; more: boolean; pageSize: number; searched: boolean }) {
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const params = (n: number) => {
    const p = new URLSearchParams();
    if (query.q) p.set('q', query.q);
    if (query.chuyen_muc && !unknownCategory) p.set('chuyen_muc', query.chuyen_muc);
    if (query.tu) p.set('tu', formatDate(query.tu));
    if (query.den) p.set('den', formatDate(query.den));
    if (n > 1) p.set('trang', String(n));
    return `/tim-kiem?${p.toString()}`;
  };
  const catName = new Map(ctx.categories.map((c) => [c.id, c]));
  // What was left out of the search is said, never dropped silently (D63).
  const unknownCategory = query.chuyen_muc !== undefined && !ctx.categories.some((c) => c.slug === query.chuyen_muc);
  const reversed = query.notices.some((n) => n.key === 'portal.search.reversed');
  return (
    <PortalLayout ctx={ctx} meta={{ title: query.q ? t('portal.search.titleFor', { q: query.q }) : t('portal.search.title'), canonical: '/tim-kiem', noindex: true }}>
      <h1>{t('portal.search.title')}</h1>
      <form class="pm-filters" method="get" action="/tim-kiem" role="search">
        <div class="pm-field pm-grow">
          <label for="s-q">{t('portal.search.label')}</label>
          <input id="s-q" name="q" type="search" value={query.q} maxLength={200} placeholder={t('portal.search.placeholder')} />
        </div>
        <div class="pm-field">
          <label for="s-cat">{t('portal.category')}</label>
          <select id="s-cat" name="chuyen_muc">
            <option value="">{t('common.all')}</option>
            {ctx.categories.map((c) => (
              <option value={c.slug} selected={c.slug === query.chuyen_muc}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="pm-field">
          <label for="s-tu">{t('common.from')}</label>
          <input id="s-tu" name="tu" value={query.tu ? formatDate(query.tu) : query.typed.tu} aria-invalid={query.badDates.includes('tu') || reversed ? 'true' : undefined} placeholder={t('common.dateHint')} inputMode="numeric" size={10} maxLength={10} />
        </div>
        <div class="pm-field">
          <label for="s-den">{t('common.to')}</label>
          <input id="s-den" name="den" value={query.den ? formatDate(query.den) : query.typed.den} aria-invalid={query.badDates.includes('den') || reversed ? 'true' : undefined} placeholder={t('common.dateHint')} inputMode="numeric" size={10} maxLength={10} />
        </div>
        <button type="submit">{t('portal.search.go')}</button>
      </form>
      {query.badDates.length > 0 && (
        <p class="pm-notice" role="status">
          {t('portal.search.badDates', { dates: query.badDates.map((k) => `«${query.typed[k]}»`).join(', ') })}
        </p>
      )}
      {query.notices.map((n) => (
        <p class="pm-notice" role="status">
          {t(n.key, n.params)}
        </p>
      ))}
      {unknownCategory && (
        <p class="pm-notice" role="status">
          {t('portal.search.badCategory', { slug: query.chuyen_muc ?? '' })}
        </p>
      )}
      {searched && <p class="pm-count">{t('portal.search.count', { n: formatNumber(total) + (more ? '+' : '') }) + (more ? ` ${t('portal.search.more', { n: formatNumber(total) })}` : '')}</p>}
      {searched && items.length === 0 && <p class="empty">{t('common.noResults')}</p>}
      <ol class="pm-results">
        {items.map((h) => {
          const c = catName.get(h.category_id);
          return (
            <li>
              <h2>
                <a href={articleHref(h.slug)}>
                  <Marked segs={h.titleMarked} />
                </a>
              </h2>
              <p class="pm-meta">
                {c ? `${c.name} · ` : ''}
                <When at={h.published_at} />
              </p>
              <p class="pm-snippet">
                <Marked segs={h.snippet} />
              </p>
            </li>
          );
        })}
      </ol>
      <PortalPager ctx={ctx} page={query.trang} pages={pages} href={params} />
    </PortalLayout>
  );
}

export function PortalNotFound({ ctx }: { ctx: PortalCtx }) {
  return <PortalError ctx={ctx} title={ctx.t('err.404.title')} message={ctx.t('err.404.body')} />;
}

/** An error page of the portal (404, 400, 500…): the portal's layout, so its title names the site and the ward (D65). */
export function PortalError({ ctx, title, message }: { ctx: PortalCtx; title: string; message: string }) {
  return (
    <PortalLayout ctx={ctx} meta={{ title, canonical: ctx.path, noindex: true }}>
      <section class="pm-error">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">{ctx.t('err.home')}</a> · <a href="/tim-kiem">{ctx.t('portal.search.title')}</a>
        </p>
      </section>
    </PortalLayout>
  );
}
