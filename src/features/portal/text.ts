// Article text: Vietnamese slugs, Markdown rendered and sanitized, plain text for search, and
// search snippets whose highlights are found on folded text and mapped back to the original.
import type MarkdownIt from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';
import { fold } from '../../lib/vi/index.ts';
import { exactTokens } from '../../lib/article-text.ts';
import { lazy } from '../../lib/lazy.ts';

// Loaded on the first article rendered, not at start-up (D62).
const markdownIt = lazy<typeof MarkdownIt>('markdown-it');
const sanitizer = lazy<typeof sanitizeHtml>('sanitize-html');

/** "Ban thường vụ Đảng ủy làm việc…" -> "ban-thuong-vu-dang-uy-lam-viec…" (at most `max` characters, whole words). */
export function slugify(title: string, max = 120): string {
  const words = fold(title).split(' ').filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > max) break;
    out = next;
  }
  return out || words[0]?.slice(0, max) || 'bai-viet';
}

let md: InstanceType<typeof MarkdownIt> | undefined;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'blockquote', 'code', 'pre', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img'],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title', 'loading'], ol: ['start'], th: ['scope'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: [] }, // images only from our own origin (relative /media/… URLs)
  allowProtocolRelative: false,
  transformTags: {
    h1: 'h2', // the article title is the page's only h1
    a: (tagName, attribs) => ({ tagName, attribs: /^https?:/i.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener nofollow' } : attribs }),
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy', alt: attribs.alt ?? '' } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !(frame.attribs.src ?? '').startsWith('/media/'),
};

/** Markdown -> safe HTML: raw HTML in the source is shown as text, then a sanitizer keeps an allowlist. */
export function renderMarkdown(source: string): string {
  md ??= new (markdownIt())({ html: false, linkify: true, typographer: false, breaks: false });
  return sanitizer()(md.render(source), SANITIZE);
}

export { articleSearchText, articleTextColumns, exactToken, exactTokens, plainText } from '../../lib/article-text.ts';

export interface FoldMap {
  folded: string;
  /** For each UTF-16 unit of `folded`: [start, end) of the original character it came from. */
  start: number[];
  end: number[];
}

const WORD = /^[\p{L}\p{N}]+$/u;
const MARK = /^\p{M}+$/u;

// One character folded: null for a mark (skipped), '' for a separator, else its folded letters.
// Remembered per character (a text has few distinct ones; at most FOLD_CHARS kept): the same
// answer as computing it, at a fraction of the cost of a search page's snippets (D68).
const FOLD_CHARS = 4096;
const foldedChars = new Map<string, string | null>();
function foldChar(ch: string): string | null {
  let f = foldedChars.get(ch);
  if (f !== undefined) return f;
  if (MARK.test(ch)) f = null;
  else {
    const letters = ch.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    f = letters && WORD.test(letters) ? letters : '';
  }
  if (foldedChars.size < FOLD_CHARS) foldedChars.set(ch, f);
  return f;
}

/**
 * fold(), one character at a time, remembering where each folded character came from. fold()
 * strips every mark after placing tones, so tone placement cannot change its output and a
 * per-character fold gives the same string (checked by the caller and by tests).
 */
export function foldWithMap(text: string): FoldMap {
  const s = text.normalize('NFC');
  let folded = '';
  const start: number[] = [];
  const end: number[] = [];
  let gap = false;
  for (let i = 0; i < s.length; ) {
    const ch = String.fromCodePoint(s.codePointAt(i) as number);
    const next = i + ch.length;
    const f = foldChar(ch);
    if (f === null) {
      i = next;
      continue;
    }
    if (f) {
      if (gap && folded) {
        folded += ' ';
        start.push(i);
        end.push(i);
      }
      gap = false;
      for (let k = 0; k < f.length; k++) {
        folded += f[k];
        start.push(i);
        end.push(next);
      }
    } else gap = true;
    i = next;
  }
  return { folded, start, end };
}

export interface Segment {
  text: string;
  mark: boolean;
}

/** Where whole folded terms occur in folded text, as [from, to) ranges. */
function termRanges(folded: string, terms: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const term of terms) {
    if (!term) continue;
    let at = folded.indexOf(term);
    while (at >= 0) {
      const before = at === 0 || folded[at - 1] === ' ';
      const after = at + term.length === folded.length || folded[at + term.length] === ' ';
      if (before && after) out.push([at, at + term.length]);
      at = folded.indexOf(term, at + 1);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Whether every character is Basic Latin to Latin Extended-B, a combining mark, Latin Extended Additional (Vietnamese) or general punctuation. */
export function latinOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x24f && !(c >= 0x300 && c <= 0x36f) && !(c >= 0x1e00 && c <= 0x1eff) && !(c >= 0x2000 && c <= 0x206f)) return false;
  }
  return true;
}

/**
 * A snippet of `text` around the first match of any term, the matches marked. Matching is done
 * on folded text (so "hoa binh" marks "Hòa Bình" and "Hoà Bình"); the segments are slices of
 * the original text, to be escaped when rendered.
 */
export function snippet(text: string, terms: readonly string[], width = 220): Segment[] {
  const src = text.normalize('NFC');
  const fm = foldWithMap(src);
  // Checked against fold() only outside Latin script (Greek's final sigma lowercases by context):
  // within it the two are equal, as the property test over those ranges shows (D72: the whole-text
  // fold was 8 % of an uncached search's CPU).
  if (!latinOnly(src) && fm.folded !== fold(src)) return [{ text: src.slice(0, width), mark: false }];
  const ranges = termRanges(fm.folded, terms);
  if (fm.folded.length === 0) return [];
  const first = ranges[0]?.[0] ?? 0;
  // Window in folded coordinates, starting a little before the first match on a word boundary.
  let wFrom = Math.max(0, first - Math.floor(width / 3));
  while (wFrom > 0 && fm.folded[wFrom - 1] !== ' ') wFrom--;
  let wTo = Math.min(fm.folded.length, wFrom + width);
  while (wTo < fm.folded.length && fm.folded[wTo] !== ' ') wTo++;
  const oFrom = wFrom === 0 ? 0 : (fm.start[wFrom] as number);
  const oTo = wTo === fm.folded.length ? src.length : (fm.end[wTo - 1] as number);
  const segs: Segment[] = [];
  let pos = oFrom;
  for (const [a, b] of ranges) {
    if (a < wFrom || b > wTo) continue;
    const ma = fm.start[a] as number;
    const mb = fm.end[b - 1] as number;
    if (ma < pos) continue;
    if (ma > pos) segs.push({ text: src.slice(pos, ma), mark: false });
    segs.push({ text: src.slice(ma, mb), mark: true });
    pos = mb;
  }
  if (pos < oTo) segs.push({ text: src.slice(pos, oTo), mark: false });
  if (oFrom > 0) segs.unshift({ text: '… ', mark: false });
  if (oTo < src.length) segs.push({ text: ' …', mark: false });
  return segs.map((s) => ({ ...s, text: s.text.replace(/\s+/g, ' ') }));
}

/** Query text -> folded terms (at most 8), each a whole token to match. */
export function queryTerms(q: string): string[] {
  return [...new Set(fold(q).split(' ').filter(Boolean))].slice(0, 8);
}

/** Query text -> the exact tokens of its marked words (at most 8): hits having all of them rank first. */
export function queryExactTokens(q: string): string[] {
  return exactTokens(q).slice(0, 8);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** The first words of rendered HTML as plain text (page descriptions, link previews). */
export function excerpt(html: string, max = 200): string {
  const text = html
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)) + '…';
}
