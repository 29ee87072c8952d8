// Atom feeds and the sitemap, written as text (no XML library needed for this little). Every
// value goes through xmlEscape (lib/xml.ts), which also drops what XML 1.0 forbids: a feed stays
// readable whatever a stored title holds. Dates are ISO text written by us; a sitemap's
// <lastmod> is the Vietnam calendar day of the instant (an article published at 06:30 on the
// 13th, Vietnam time, is the 13th, not the UTC 12th).
import { xmlEscape } from '../../lib/xml.ts';
import { toIsoDate } from '../../lib/vi/index.ts';

interface FeedEntry {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  published_at: string | null;
}

export function atomFeed(f: { origin: string; self: string; alternate: string; title: string; entries: FeedEntry[]; articleHref: (slug: string) => string }): string {
  const updated = f.entries[0]?.published_at ?? new Date(0).toISOString();
  const entries = f.entries.map((e) => {
    const url = f.origin + f.articleHref(e.slug);
    return `<entry><id>urn:uuid:${e.id}</id><title>${xmlEscape(e.title)}</title><link rel="alternate" type="text/html" href="${xmlEscape(url)}"/><published>${e.published_at}</published><updated>${e.published_at}</updated>${e.summary ? `<summary>${xmlEscape(e.summary)}</summary>` : ''}</entry>`;
  });
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">` +
    `<id>${xmlEscape(f.origin + f.self)}</id><title>${xmlEscape(f.title)}</title><updated>${updated}</updated>` +
    `<link rel="self" type="application/atom+xml" href="${xmlEscape(f.origin + f.self)}"/><link rel="alternate" type="text/html" href="${xmlEscape(f.origin + f.alternate)}"/>` +
    `<author><name>${xmlEscape(f.title)}</name></author>` +
    entries.join('') +
    `</feed>\n`
  );
}

export function sitemapXml(origin: string, urls: { loc: string; lastmod: string | null }[]): string {
  const body = urls.map((u) => `<url><loc>${xmlEscape(origin + u.loc)}</loc>${u.lastmod ? `<lastmod>${toIsoDate(u.lastmod)}</lastmod>` : ''}</url>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}
