import { z } from 'zod';
import { int, numberInput, optLongText, optText, rawTextLimit, text, version } from '../../platform/validation.ts';
import { cleanMultiline, cleanText, parseViDate } from '../../lib/vi/index.ts';
import { queryTerms } from './text.ts';
import type { Role } from '../../platform/auth/roles.ts';

/** Who works on the portal: editors draft, office and Standing Committee approve, admin does all. */
export const PORTAL_STAFF: readonly Role[] = ['admin', 'standing', 'office', 'editor'];
export const PORTAL_APPROVERS: readonly Role[] = ['admin', 'standing', 'office'];

export const ARTICLE_STATUSES = ['draft', 'submitted', 'returned', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

const BODY_MAX = 100_000;

/** Required multi-line text (Markdown source): NFC, line ends normalized; longer than rawTextLimit(max) raw: refused uncleaned. */
const longText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.length <= rawTextLimit(max) ? cleanMultiline(v) : v), z.string().min(1).max(max));

export const ArticleInput = z.object({
  category_id: z.string().uuid({ message: 'err.choice' }),
  title: text(250),
  summary: optLongText(600),
  body_md: longText(BODY_MAX),
});
export type ArticleInput = z.output<typeof ArticleInput>;

export const ArticleUpdateInput = ArticleInput.extend({ version: version() });
export type ArticleUpdateInput = z.output<typeof ArticleUpdateInput>;

export const VersionInput = z.object({ version: version() });

/** "dd/mm/yyyy HH:mm" (Vietnam time) -> ISO instant; blank means "now". */
// At most 40 characters before any parsing (a date and a time need 16); the pattern is linear.
const dateTimeVn = z.string().max(40, { message: 'portal.err.dateTime' }).transform((v, ctx) => {
  const m = /^([\d/.-]+)[ T]+(\d{1,2})[:h](\d{2})$/.exec(v.trim());
  const day = m ? parseViDate(m[1] as string) : null;
  const h = Number(m?.[2]);
  const min = Number(m?.[3]);
  if (!m || !day || h > 23 || min > 59) {
    ctx.addIssue({ code: 'custom', message: 'portal.err.dateTime' });
    return z.NEVER;
  }
  return new Date(`${day}T${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:00+07:00`).toISOString();
});

export const PublishInput = z.object({
  version: version(),
  publish_at: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), dateTimeVn.optional()).transform((v) => v ?? null),
});
export type PublishInput = z.output<typeof PublishInput>;

export const ReturnInput = z.object({ version: version(), note: longText(2000) });
export type ReturnInput = z.output<typeof ReturnInput>;

export const CategoryInput = z.object({
  name: text(120),
  slug: optText(80),
  description: optText(300),
  sort_order: int(0, 9999, { default: 100 }),
  on_home: z.enum(['0', '1']).optional().default('0'),
});
export type CategoryInput = z.output<typeof CategoryInput>;
export const CategoryUpdateInput = CategoryInput.extend({ version: version() });
export type CategoryUpdateInput = z.output<typeof CategoryUpdateInput>;


/** Public pages: ?trang=2 */
export const PageQuery = z.object({ trang: int(1, 100000).optional().catch(1).default(1) });

/** A date typed in a public query, as typed (cut to 20 characters): read by SearchQuery below. */
const typedDateQ = z.string().optional().catch(undefined).transform((v) => (v === undefined ? '' : v.trim().slice(0, 20)));

/** One part of a public search left out or changed, told to the reader: a message key of portal/messages.ts and its values. */
export interface SearchNotice {
  key: 'portal.search.longQuery' | 'portal.search.badPage' | 'portal.search.reversed' | 'portal.search.noWords';
  params?: Record<string, string | number>;
}

/** The longest search box text used; a longer one is cut there and the page says so. */
export const SEARCH_Q_MAX = 200;
const firstString = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const searchPage = int(1, 1000);

/**
 * Public search: one box, optional category and date range. Odd input never refuses the page (a
 * reader is shown the results of what is valid, 200) and is never dropped silently (D63): a date
 * that is not one (`tu=99/99/9999`, `31/02/2024`) is left out and named in `badDates`, kept as
 * typed in `typed` for correcting; the box is cleaned as every text field is (`cleanText`: NFC,
 * controls to a space, invisible characters such as U+200B removed, spaces collapsed), a box longer
 * than 200 characters is cut at the last whole word before that, one without a letter or digit
 * (only symbols) is not searched and says so, a page number
 * that is not one shows page 1, a range whose end is before its start is left out — each in
 * `notices`. An unknown category is named by the page itself (it knows the site's categories).
 */
export const SearchQuery = z
  .object({
    q: z.unknown().optional().transform(firstString),
    chuyen_muc: z.unknown().optional().transform((v) => firstString(v)?.trim().slice(0, 80) || undefined),
    tu: typedDateQ,
    den: typedDateQ,
    trang: z.unknown().optional(),
  })
  .transform(({ q: rawQ = '', tu, den, trang: rawPage, ...rest }) => {
    const notices: SearchNotice[] = [];
    // Bounded before cleaning (a URL may be long); cleaning only shortens.
    const cleaned = cleanText(rawQ.slice(0, SEARCH_Q_MAX * 4));
    let q = cleaned;
    if (cleaned.length > SEARCH_Q_MAX) {
      q = cleaned.slice(0, SEARCH_Q_MAX);
      const lastSpace = q.lastIndexOf(' ');
      if (cleaned[SEARCH_Q_MAX] !== ' ' && lastSpace > 0) q = q.slice(0, lastSpace); // no half word
      notices.push({ key: 'portal.search.longQuery', params: { n: SEARCH_Q_MAX } });
    }
    if (q !== '' && queryTerms(q).length === 0) notices.push({ key: 'portal.search.noWords', params: { q } });
    const page = rawPage === undefined || rawPage === '' ? { success: true as const, data: 1 } : searchPage.safeParse(numberInput(firstString(rawPage) ?? rawPage));
    if (!page.success) notices.push({ key: 'portal.search.badPage', params: { page: String(firstString(rawPage) ?? '').slice(0, 20) } });
    let from = tu ? parseViDate(tu) : null;
    let to = den ? parseViDate(den) : null;
    const badDates = [...(tu && !from ? ['tu' as const] : []), ...(den && !to ? ['den' as const] : [])];
    if (from && to && from > to) {
      notices.push({ key: 'portal.search.reversed', params: { from: tu, to: den } });
      from = null;
      to = null;
    }
    return { ...rest, q, trang: page.success ? page.data : 1, tu: from, den: to, typed: { tu, den }, badDates, notices };
  });
export type SearchQuery = z.output<typeof SearchQuery>;

export const ImageMeta = z.object({ alt: text(250), caption: optText(300) });
export const AttachmentMeta = z.object({ title: optText(200) });

/** The public site's footer (D55): the body responsible for the site, its address, phone and e-mail; each may be left empty. */
export const SiteFooterInput = z.object({
  footer_body: optText(200),
  footer_address: optText(300),
  footer_phone: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(40).regex(/^[0-9+().\s-]{6,40}$/, 'portal.err.phone').optional()).transform((v) => v ?? null),
  footer_email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(200).email('portal.err.email').optional()).transform((v) => v ?? null),
  version: version(),
});
export type SiteFooterInput = z.output<typeof SiteFooterInput>;

/**
 * The article form sent to "Xem trước" (preview): nothing is saved, so every field is optional
 * (a half-written article can be previewed); the body keeps the save limit (a longer one: 400).
 */
export const ArticlePreviewInput = z.object({
  category_id: z.string().max(100).optional(),
  title: z.string().max(1000).optional(),
  summary: z.string().max(5000).optional(),
  body_md: z.preprocess((v) => (typeof v === 'string' && v.length <= rawTextLimit(BODY_MAX) ? cleanMultiline(v) : v), z.string().max(BODY_MAX)).optional(),
  version: z.string().max(20).optional(),
});
