// The words of an article (a lower layer, shared by the portal and its migration 0014): the plain
// text of its Markdown body, and the folded search text with the exact tokens of its marked words.
import type MarkdownIt from 'markdown-it';
import { fold } from './vi/index.ts';
import { lazy } from './lazy.ts';

// Loaded on first use, not at start-up (D62).
const markdownIt = lazy<typeof MarkdownIt>('markdown-it');
let md: InstanceType<typeof MarkdownIt> | undefined;

/** Markdown -> the words a reader sees, one block per line (for search and snippets). */
export function plainText(source: string): string {
  const out: string[] = [];
  md ??= new (markdownIt())({ html: false, linkify: true, typographer: false, breaks: false });
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

/**
 * The stored text columns of an article from its title, summary and plain body text
 * (`plainText(body_md)`): `body_text` (snippets), `search_text` (the index, articleSearchText) and
 * `title_text`, the folded title search ranks by (how many query words are words of it, D72).
 */
export function articleTextColumns(title: string, summary: string | null, bodyText: string): { body_text: string; search_text: string; title_text: string } {
  return { body_text: bodyText, search_text: articleSearchText(title, summary, bodyText), title_text: fold(title) };
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

