// Article text: Vietnamese slugs, Markdown rendered and sanitized, plain text for search, and
// search snippets whose highlights are found on folded text and mapped back to the original.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { fold } from '../../lib/vi/index.ts';

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

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

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
  return sanitizeHtml(md.render(source), SANITIZE);
}

/** Markdown -> the words a reader sees, one block per line (for search and snippets). */
export function plainText(source: string): string {
  const out: string[] = [];
  for (const tok of md.parse(source, {})) {
    if (tok.type !== 'inline' || !tok.children) continue;
    let line = '';
    for (const c of tok.children) {
      if (c.type === 'text' || c.type === 'code_inline') line += c.content;
      else if (c.type === 'softbreak' || c.type === 'hardbreak') line += ' ';
      else if (c.type === 'image') line += c.content;
    }
    if (line.trim()) out.push(line.trim());
  }
  return out.join('\n');
}

/**
 * The folded text an article is searched by: title, summary and body words, then (after a line
 * break) the exact token of every distinct word that carries a Vietnamese mark (`exactToken`), so
 * one index serves both the folded match and the exact-diacritic ranking (D42).
 * `bodyText` is the body's plain text (`plainText(body_md)`, stored as article.body_text).
 */
export function articleSearchText(title: string, summary: string | null, bodyText: string): string {
  const text = [title, summary ?? '', bodyText].join('\n');
  const exact = exactTokens(text);
  return fold(text) + (exact.length ? `\n${exact.join(' ')}` : '');
}

const TONE_MARKS: Record<string, string> = { '\u0300': 'f', '\u0301': 's', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j' };

/**
 * One word's exact spelling as an ASCII index token, or null for a word without any Vietnamese
 * mark (its folded form is then already exact). Telex spelling with the tone moved to the end, after
 * a leading "0" that no folded word has: "Đường" → "0dduwowngf", "Dương" → "0duwowng",
 * "hoà" and "hòa" → "0hoaf" (old and new tone placement are the same word).
 */
export function exactToken(word: string): string | null {
  let out = '';
  let tone = '';
  let marked = false;
  for (const ch of word.normalize('NFC').toLowerCase().normalize('NFD')) {
    const t = TONE_MARKS[ch];
    if (t) {
      tone = t;
      marked = true;
    } else if (ch === '\u0302') {
      out += out.at(-1) ?? ''; // circumflex: â → aa, ê → ee, ô → oo
      marked = true;
    } else if (ch === '\u0306' || ch === '\u031b') {
      out += 'w'; // breve ă → aw, horn ơ → ow, ư → uw
      marked = true;
    } else if (ch === 'đ') {
      out += 'dd';
      marked = true;
    } else if (!/\p{M}/u.test(ch)) out += ch;
  }
  return marked && out ? `0${out}${tone}` : null;
}

/** The distinct exact tokens of a text's marked words, in order of first appearance. */
export function exactTokens(text: string): string[] {
  const out = new Set<string>();
  for (const w of text.split(/[^\p{L}\p{N}\p{M}]+/u)) {
    const t = w ? exactToken(w) : null;
    if (t) out.add(t);
  }
  return [...out];
}

export interface FoldMap {
  folded: string;
  /** For each UTF-16 unit of `folded`: [start, end) of the original character it came from. */
  start: number[];
  end: number[];
}

const WORD = /^[\p{L}\p{N}]+$/u;
const MARK = /^\p{M}+$/u;

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
    if (MARK.test(ch)) {
      i = next;
      continue;
    }
    const f = ch.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    if (f && WORD.test(f)) {
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

/**
 * A snippet of `text` around the first match of any term, the matches marked. Matching is done
 * on folded text (so "hoa binh" marks "Hòa Bình" and "Hoà Bình"); the segments are slices of
 * the original text, to be escaped when rendered.
 */
export function snippet(text: string, terms: readonly string[], width = 220): Segment[] {
  const src = text.normalize('NFC');
  const fm = foldWithMap(src);
  if (fm.folded !== fold(src)) return [{ text: src.slice(0, width), mark: false }];
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
